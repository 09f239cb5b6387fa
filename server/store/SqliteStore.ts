// The embedded default Store: one SQLite file (WAL mode) under the data folder.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Store } from '../../core/hearing/ports.js';
import type {
  AccountRecord,
  AuditEvent,
  CaseRecord,
  DeviceRecord,
  HearingRecord,
  ParticipantRecord,
  SiteRecord,
} from '../../core/hearing/types.js';
import { GENESIS_HASH, auditHash } from '../../core/hearing/auditChain.js';
import { migrate, type MigrationDeps } from './migrations.js';
import { workspaceRepositories } from './SqliteWorkspace.js';
import { attendanceRepository } from './SqliteAttendance.js';

type Row = Record<string, unknown>;

const toParticipant = (r: Row): ParticipantRecord => ({
  id: r.id as string,
  hearingId: r.hearing_id as string,
  displayName: r.display_name as string,
  role: r.role as ParticipantRecord['role'],
  siteId: (r.site_id as string | null) ?? null,
  status: r.status as ParticipantRecord['status'],
  forcedMuteAudio: r.forced_mute_audio === 1,
  forcedMuteVideo: r.forced_mute_video === 1,
  screenAllowed: r.screen_allowed === 1,
  invitationId: (r.invitation_id as string | null) ?? null,
  deviceId: (r.device_id as string | null) ?? null,
  accountId: (r.account_id as string | null) ?? null,
  contact: r.contact ? (JSON.parse(r.contact as string) as ParticipantRecord['contact']) : null,
  room: (r.room as ParticipantRecord['room']) ?? null,
  languages: r.languages ? (JSON.parse(r.languages as string) as ParticipantRecord['languages']) : null,
  createdAt: r.created_at as string,
});

const toDevice = (r: Row): DeviceRecord => ({
  id: r.id as string,
  siteId: r.site_id as string,
  kind: r.kind as DeviceRecord['kind'],
  name: r.name as string,
  rtspUrl: (r.rtsp_url as string | null) ?? null,
  rtspSealed: (r.rtsp_sealed as string | null) ?? null,
  tokenId: (r.token_id as string | null) ?? null,
  revokedAt: (r.revoked_at as string | null) ?? null,
  createdAt: r.created_at as string,
});

const toHearing = (r: Row): HearingRecord => ({
  id: r.id as string,
  caseId: r.case_id as string,
  title: r.title as string,
  scheduledAt: r.scheduled_at as string,
  state: r.state as HearingRecord['state'],
  stage: (r.stage as HearingRecord['stage']) ?? null,
  outcome: (r.outcome as HearingRecord['outcome']) ?? null,
  courtroomSiteId: (r.courtroom_site_id as string | null) ?? null,
  createdAt: r.created_at as string,
  updatedAt: r.updated_at as string,
});

const toCase = (r: Row): CaseRecord => ({
  id: r.id as string,
  number: r.number as string,
  title: r.title as string,
  kind: (r.kind as CaseRecord['kind']) ?? 'criminal',
  court: r.court as string,
  createdAt: r.created_at as string,
});

const toSite = (r: Row): SiteRecord => ({
  id: r.id as string,
  name: r.name as string,
  kind: r.kind as SiteRecord['kind'],
  relayOnly: r.relay_only === 1,
  createdAt: r.created_at as string,
});

const toAccount = (r: Row): AccountRecord => ({
  id: r.id as string,
  username: r.username as string,
  displayName: r.display_name as string,
  role: r.role as AccountRecord['role'],
  passwordHash: r.password_hash as string,
  createdAt: r.created_at as string,
  siteId: (r.site_id as string | null) ?? null,
});

const toAudit = (r: Row): AuditEvent => ({
  seq: r.seq as number,
  hearingId: r.hearing_id as string,
  at: r.at as string,
  actor: JSON.parse(r.actor as string),
  type: r.type as string,
  data: JSON.parse(r.data as string),
  prevHash: r.prev_hash as string,
  hash: r.hash as string,
});

export class SqliteStore implements Store {
  readonly db: Database.Database;
  declare readonly cases: Store['cases'];
  declare readonly sites: Store['sites'];
  declare readonly hearings: Store['hearings'];
  declare readonly participants: Store['participants'];
  declare readonly devices: Store['devices'];
  declare readonly audit: Store['audit'];
  declare readonly accounts: Store['accounts'];
  declare readonly settings: Store['settings'];
  declare readonly invitations: Store['invitations'];
  declare readonly attendance: Store['attendance'];

  /** `sealer`: what seals secrets kept at rest (a migration seals camera URLs stored before). */
  constructor(
    readonly file: string,
    options: MigrationDeps = {},
  ) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    migrate(this.db, undefined, options);
    // What a migration replaced (plain camera URLs) leaves the write-ahead log at once.
    if (file !== ':memory:') this.db.pragma('wal_checkpoint(TRUNCATE)');
    Object.assign(this, repositories(this.db));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  transaction<T>(fn: () => T): T {
    // better-sqlite3 turns a nested transaction() into a savepoint, so nesting is safe.
    return this.db.transaction(fn)();
  }
}

/** Prepared statements for each part of the Store, built once per database. */
function repositories(db: Database.Database) {
  const get = <T>(sql: string, map: (r: Row) => T) => {
    const stmt = db.prepare(sql);
    return (...params: unknown[]): T | undefined => {
      const row = stmt.get(...params) as Row | undefined;
      return row ? map(row) : undefined;
    };
  };

  const all = <T>(sql: string, map: (r: Row) => T) => {
    const stmt = db.prepare(sql);
    return (...params: unknown[]): T[] => (stmt.all(...params) as Row[]).map(map);
  };

  const run = (sql: string) => {
    const stmt = db.prepare(sql);
    return (params: Record<string, unknown> | unknown[]) => {
      if (Array.isArray(params)) stmt.run(...params);
      else stmt.run(params);
    };
  };
  const workspace = workspaceRepositories(db, toHearing);

  const cases: Store['cases'] = {
    insert: (
      (run) => (c: CaseRecord) =>
        run([c.id, c.number, c.title, c.kind ?? 'criminal', c.court, c.createdAt])
    )(run('INSERT INTO cases (id, number, title, kind, court, created_at) VALUES (?, ?, ?, ?, ?, ?)')),
    get: get('SELECT * FROM cases WHERE id = ?', toCase),
    search: ((list) => (query: string | undefined, limit: number) => {
      const like = `%${(query ?? '').replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
      return list(like, like, limit);
    })(all("SELECT * FROM cases WHERE number LIKE ? ESCAPE '\\' OR title LIKE ? ESCAPE '\\' ORDER BY created_at DESC LIMIT ?", toCase)),
    ...workspace.cases,
  };

  const sites: Store['sites'] = {
    insert: (
      (run) => (s: SiteRecord) =>
        run([s.id, s.name, s.kind, s.relayOnly ? 1 : 0, s.createdAt])
    )(run('INSERT INTO sites (id, name, kind, relay_only, created_at) VALUES (?, ?, ?, ?, ?)')),
    get: get('SELECT * FROM sites WHERE id = ?', toSite),
    list: all('SELECT * FROM sites ORDER BY name', toSite),
    ...workspace.sites,
  };

  const hearings: Store['hearings'] = {
    insert: (
      (run) => (h: HearingRecord) =>
        run([h.id, h.caseId, h.title, h.scheduledAt, h.state, h.stage, h.outcome, h.courtroomSiteId, h.createdAt, h.updatedAt])
    )(
      run(
        `INSERT INTO hearings (id, case_id, title, scheduled_at, state, stage, outcome, courtroom_site_id, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
    ),
    get: get('SELECT * FROM hearings WHERE id = ?', toHearing),
    listByCase: all('SELECT * FROM hearings WHERE case_id = ? ORDER BY scheduled_at', toHearing),
    listByStates: (
      (list) => (states: readonly HearingRecord['state'][]) =>
        list(JSON.stringify(states))
    )(all('SELECT * FROM hearings WHERE state IN (SELECT value FROM json_each(?)) ORDER BY scheduled_at', toHearing)),
    setState: (
      (run) =>
      (
        id: string,
        state: HearingRecord['state'],
        updatedAt: string,
        stage: HearingRecord['stage'] = null,
        outcome: HearingRecord['outcome'] = null,
      ) =>
        run([state, stage, outcome, updatedAt, id])
    )(run('UPDATE hearings SET state = ?, stage = ?, outcome = ?, updated_at = ? WHERE id = ?')),
    ...workspace.hearings,
  };

  const participants: Store['participants'] = {
    insert: (
      (run) => (p: ParticipantRecord) =>
        run({ ...participantParams(p), account_id: p.accountId ?? null })
    )(
      run(
        `INSERT INTO participants (id, hearing_id, display_name, role, site_id, status, forced_mute_audio,
           forced_mute_video, invitation_id, device_id, account_id, contact, languages, created_at)
         VALUES (@id, @hearing_id, @display_name, @role, @site_id, @status, @forced_mute_audio,
           @forced_mute_video, @invitation_id, @device_id, @account_id, @contact, @languages, @created_at)`,
      ),
    ),
    get: get('SELECT * FROM participants WHERE id = ?', toParticipant),
    listByHearing: all('SELECT * FROM participants WHERE hearing_id = ? ORDER BY created_at, rowid', toParticipant),
    listByDevice: all('SELECT * FROM participants WHERE device_id = ? ORDER BY created_at, rowid', toParticipant),
    listByAccount: all('SELECT * FROM participants WHERE account_id = ? ORDER BY created_at DESC, rowid DESC', toParticipant),
    update: (
      (run) => (p: ParticipantRecord) =>
        run(participantParams(p))
    )(
      run(
        `UPDATE participants SET display_name = @display_name, role = @role, site_id = @site_id, status = @status,
           forced_mute_audio = @forced_mute_audio, forced_mute_video = @forced_mute_video, screen_allowed = @screen_allowed,
           invitation_id = @invitation_id, contact = @contact, room = @room, languages = @languages
         WHERE id = @id AND hearing_id = @hearing_id`,
      ),
    ),
    ...workspace.participants,
  };

  const devices: Store['devices'] = {
    insert: (
      (run) => (d: DeviceRecord) =>
        run(deviceParams(d))
    )(
      run(
        `INSERT INTO devices (id, site_id, kind, name, rtsp_url, rtsp_sealed, token_id, revoked_at, created_at)
         VALUES (@id, @site_id, @kind, @name, @rtsp_url, @rtsp_sealed, @token_id, @revoked_at, @created_at)`,
      ),
    ),
    get: get('SELECT * FROM devices WHERE id = ?', toDevice),
    list: all('SELECT * FROM devices ORDER BY created_at, rowid', toDevice),
    listBySite: all('SELECT * FROM devices WHERE site_id = ? ORDER BY created_at, rowid', toDevice),
    update: (
      (run) => (d: DeviceRecord) =>
        run(deviceParams(d))
    )(
      run(
        `UPDATE devices SET name = @name, rtsp_url = @rtsp_url, rtsp_sealed = @rtsp_sealed, token_id = @token_id, revoked_at = @revoked_at
         WHERE id = @id AND site_id = @site_id AND kind = @kind AND created_at = @created_at`,
      ),
    ),
  };

  const audit: Store['audit'] = {
    append: ((insert, lastHash) =>
      db.transaction((e: Omit<AuditEvent, 'seq' | 'prevHash' | 'hash'>): AuditEvent => {
        const fields = {
          hearingId: e.hearingId,
          at: e.at,
          actorJson: JSON.stringify(e.actor),
          type: e.type,
          dataJson: JSON.stringify(e.data),
        };
        const prevHash = (lastHash.get(e.hearingId) as { hash: string } | undefined)?.hash ?? GENESIS_HASH;
        const hash = auditHash(prevHash, fields);
        const info = insert.run(fields.hearingId, fields.at, fields.actorJson, fields.type, fields.dataJson, prevHash, hash);
        return { ...e, seq: Number(info.lastInsertRowid), prevHash, hash };
      }))(
      db.prepare('INSERT INTO audit_events (hearing_id, at, actor, type, data, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      db.prepare('SELECT hash FROM audit_events WHERE hearing_id = ? ORDER BY seq DESC LIMIT 1'),
    ),
    list: all('SELECT * FROM audit_events WHERE hearing_id = ? ORDER BY seq', toAudit),
  };

  const accounts: Store['accounts'] = {
    insert: (
      (run) => (a: AccountRecord) =>
        run([a.id, a.username, a.displayName, a.role, a.passwordHash, a.createdAt, a.siteId ?? null])
    )(run('INSERT INTO accounts (id, username, display_name, role, password_hash, created_at, site_id) VALUES (?, ?, ?, ?, ?, ?, ?)')),
    getByUsername: get('SELECT * FROM accounts WHERE username = ?', toAccount),
    get: get('SELECT * FROM accounts WHERE id = ?', toAccount),
    list: all('SELECT * FROM accounts ORDER BY username', toAccount),
    count: (
      (stmt) => () =>
        (stmt.get() as { n: number }).n
    )(db.prepare('SELECT COUNT(*) AS n FROM accounts')),
  };

  const settings: Store['settings'] = {
    get: (
      (stmt) => (key: string) =>
        (stmt.get(key) as { value: string } | undefined)?.value
    )(db.prepare('SELECT value FROM settings WHERE key = ?')),
    set: (
      (run) => (key: string, value: string) =>
        run([key, value])
    )(run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')),
  };

  return {
    cases,
    sites,
    hearings,
    participants,
    devices,
    audit,
    accounts,
    settings,
    invitations: workspace.invitations,
    attendance: attendanceRepository(db),
  };
}

function participantParams(p: ParticipantRecord): Record<string, unknown> {
  return {
    id: p.id,
    hearing_id: p.hearingId,
    display_name: p.displayName,
    role: p.role,
    site_id: p.siteId,
    status: p.status,
    forced_mute_audio: p.forcedMuteAudio ? 1 : 0,
    forced_mute_video: p.forcedMuteVideo ? 1 : 0,
    screen_allowed: p.screenAllowed ? 1 : 0,
    invitation_id: p.invitationId,
    device_id: p.deviceId,
    contact: p.contact ? JSON.stringify(p.contact) : null,
    room: p.room ?? null,
    languages: p.languages ? JSON.stringify(p.languages) : null,
    created_at: p.createdAt,
  };
}

function deviceParams(d: DeviceRecord): Record<string, unknown> {
  return {
    id: d.id,
    site_id: d.siteId,
    kind: d.kind,
    name: d.name,
    rtsp_url: d.rtspUrl,
    rtsp_sealed: d.rtspSealed,
    token_id: d.tokenId,
    revoked_at: d.revokedAt,
    created_at: d.createdAt,
  };
}
