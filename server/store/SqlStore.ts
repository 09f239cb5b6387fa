// The Store in SQL that SQLite and PostgreSQL both accept (see sql/Db.ts for the dialect rules):
// the embedded default (SqliteStore) and the shared database run this same code.
import type { Store } from '../../core/hearing/ports.js';
import { GENESIS_HASH, auditHash } from '../../core/hearing/auditChain.js';
import { inList, type Db, type Row, type SqlValue } from './sql/Db.js';
import { participantValues, toAccount, toAudit, toCase, toDevice, toHearing, toParticipant, toSite } from './storeRows.js';
import { workspaceRepositories } from './SqlWorkspace.js';
import { attendanceRepository } from './SqlAttendance.js';

/** The Store over a database; `db` stays reachable for the other SQL stores sharing it (records, sessions). */
export class SqlStore<D extends Db = Db> implements Store {
  readonly cases: Store['cases'];
  readonly sites: Store['sites'];
  readonly hearings: Store['hearings'];
  readonly participants: Store['participants'];
  readonly devices: Store['devices'];
  readonly audit: Store['audit'];
  readonly accounts: Store['accounts'];
  readonly settings: Store['settings'];
  readonly invitations: Store['invitations'];
  readonly attendance: Store['attendance'];

  constructor(readonly db: D) {
    const r = repositories(db);
    this.cases = r.cases;
    this.sites = r.sites;
    this.hearings = r.hearings;
    this.participants = r.participants;
    this.devices = r.devices;
    this.audit = r.audit;
    this.accounts = r.accounts;
    this.settings = r.settings;
    this.invitations = r.invitations;
    this.attendance = r.attendance;
  }

  transaction<T>(fn: () => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  close(): Promise<void> {
    return this.db.close();
  }
}

/** The queries of each part of the Store over one database. */
function repositories(db: Db) {
  const one =
    <T>(sql: string, map: (r: Row) => T) =>
    async (...params: SqlValue[]): Promise<T | undefined> => {
      const row = await db.get(sql, params);
      return row ? map(row) : undefined;
    };
  const many =
    <T>(sql: string, map: (r: Row) => T) =>
    async (...params: SqlValue[]): Promise<T[]> =>
      (await db.all(sql, params)).map(map);
  const exec = async (sql: string, params: SqlValue[]): Promise<void> => {
    await db.run(sql, params);
  };
  const workspace = workspaceRepositories(db);

  const cases: Store['cases'] = {
    insert: (c) =>
      exec('INSERT INTO cases (id, number, title, kind, court, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
        c.id,
        c.number,
        c.title,
        c.kind ?? 'criminal',
        c.court,
        c.createdAt,
      ]),
    get: one('SELECT * FROM cases WHERE id = ?', toCase),
    search: (query, limit) => {
      // % and _ are literal in what the clerk typed; lower() on both sides keeps SQLite's
      // case-insensitive LIKE on PostgreSQL, where LIKE is case-sensitive.
      const like = `%${(query ?? '').replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
      return many(
        "SELECT * FROM cases WHERE lower(number) LIKE lower(?) ESCAPE '\\' OR lower(title) LIKE lower(?) ESCAPE '\\' ORDER BY created_at DESC LIMIT ?",
        toCase,
      )(like, like, limit);
    },
    ...workspace.cases,
  };

  const sites: Store['sites'] = {
    insert: (s) =>
      exec('INSERT INTO sites (id, name, kind, relay_only, created_at) VALUES (?, ?, ?, ?, ?)', [
        s.id,
        s.name,
        s.kind,
        s.relayOnly ? 1 : 0,
        s.createdAt,
      ]),
    get: one('SELECT * FROM sites WHERE id = ?', toSite),
    list: many('SELECT * FROM sites ORDER BY name', toSite),
    ...workspace.sites,
  };

  const hearings: Store['hearings'] = {
    insert: (h) =>
      exec(
        `INSERT INTO hearings (id, case_id, title, scheduled_at, state, stage, outcome, courtroom_site_id, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [h.id, h.caseId, h.title, h.scheduledAt, h.state, h.stage, h.outcome, h.courtroomSiteId, h.createdAt, h.updatedAt],
      ),
    get: one('SELECT * FROM hearings WHERE id = ?', toHearing),
    listByCase: many('SELECT * FROM hearings WHERE case_id = ? ORDER BY scheduled_at', toHearing),
    listByStates: (states) => {
      const list = inList(states);
      return many(`SELECT * FROM hearings WHERE state IN ${list.sql} ORDER BY scheduled_at`, toHearing)(...list.params);
    },
    setState: (id, state, updatedAt, stage = null, outcome = null) =>
      exec('UPDATE hearings SET state = ?, stage = ?, outcome = ?, updated_at = ? WHERE id = ?', [state, stage, outcome, updatedAt, id]),
    ...workspace.hearings,
  };

  const participants: Store['participants'] = {
    insert: (p) => {
      const v = participantValues(p);
      return exec(
        `INSERT INTO participants (id, hearing_id, display_name, role, site_id, status, forced_mute_audio,
           forced_mute_video, invitation_id, device_id, account_id, contact, languages, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          p.id,
          p.hearingId,
          p.displayName,
          p.role,
          p.siteId,
          p.status,
          v.forcedMuteAudio,
          v.forcedMuteVideo,
          p.invitationId,
          p.deviceId,
          p.accountId ?? null,
          v.contact,
          v.languages,
          p.createdAt,
        ],
      );
    },
    get: one('SELECT * FROM participants WHERE id = ?', toParticipant),
    listByHearing: many('SELECT * FROM participants WHERE hearing_id = ? ORDER BY created_at, rowid', toParticipant),
    listByDevice: many('SELECT * FROM participants WHERE device_id = ? ORDER BY created_at, rowid', toParticipant),
    listByAccount: many('SELECT * FROM participants WHERE account_id = ? ORDER BY created_at DESC, rowid DESC', toParticipant),
    // Neither the hearing, the device, the account nor the creation time changes after insert.
    update: (p) => {
      const v = participantValues(p);
      return exec(
        `UPDATE participants SET display_name = ?, role = ?, site_id = ?, status = ?, forced_mute_audio = ?,
           forced_mute_video = ?, screen_allowed = ?, invitation_id = ?, contact = ?, room = ?, languages = ?
         WHERE id = ? AND hearing_id = ?`,
        [
          p.displayName,
          p.role,
          p.siteId,
          p.status,
          v.forcedMuteAudio,
          v.forcedMuteVideo,
          v.screenAllowed,
          p.invitationId,
          v.contact,
          p.room ?? null,
          v.languages,
          p.id,
          p.hearingId,
        ],
      );
    },
    ...workspace.participants,
  };

  const devices: Store['devices'] = {
    insert: (d) =>
      exec(
        `INSERT INTO devices (id, site_id, kind, name, rtsp_url, rtsp_sealed, token_id, revoked_at, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [d.id, d.siteId, d.kind, d.name, d.rtspUrl, d.rtspSealed, d.tokenId, d.revokedAt, d.createdAt],
      ),
    get: one('SELECT * FROM devices WHERE id = ?', toDevice),
    list: many('SELECT * FROM devices ORDER BY created_at, rowid', toDevice),
    listBySite: many('SELECT * FROM devices WHERE site_id = ? ORDER BY created_at, rowid', toDevice),
    // A device keeps its site, kind and creation time: an update naming others changes nothing.
    update: (d) =>
      exec(
        `UPDATE devices SET name = ?, rtsp_url = ?, rtsp_sealed = ?, token_id = ?, revoked_at = ?
         WHERE id = ? AND site_id = ? AND kind = ? AND created_at = ?`,
        [d.name, d.rtspUrl, d.rtspSealed, d.tokenId, d.revokedAt, d.id, d.siteId, d.kind, d.createdAt],
      ),
  };

  const audit: Store['audit'] = {
    // The next link reads the last one: the lock keeps two writers (two nodes on one PostgreSQL)
    // from both chaining onto the same hash.
    append: (e) =>
      db.transaction(async () => {
        await db.lock(`audit:${e.hearingId}`);
        const fields = {
          hearingId: e.hearingId,
          at: e.at,
          actorJson: JSON.stringify(e.actor),
          type: e.type,
          dataJson: JSON.stringify(e.data),
        };
        const last = await db.get<{ hash: string }>('SELECT hash FROM audit_events WHERE hearing_id = ? ORDER BY seq DESC LIMIT 1', [
          e.hearingId,
        ]);
        const prevHash = last?.hash ?? GENESIS_HASH;
        const hash = auditHash(prevHash, fields);
        const row = await db.get<{ seq: unknown }>(
          'INSERT INTO audit_events (hearing_id, at, actor, type, data, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING seq',
          [fields.hearingId, fields.at, fields.actorJson, fields.type, fields.dataJson, prevHash, hash],
        );
        return { ...e, seq: Number(row?.seq), prevHash, hash };
      }),
    list: many('SELECT * FROM audit_events WHERE hearing_id = ? ORDER BY seq', toAudit),
  };

  const accounts: Store['accounts'] = {
    insert: (a) =>
      exec('INSERT INTO accounts (id, username, display_name, role, password_hash, created_at, site_id) VALUES (?, ?, ?, ?, ?, ?, ?)', [
        a.id,
        a.username,
        a.displayName,
        a.role,
        a.passwordHash,
        a.createdAt,
        a.siteId ?? null,
      ]),
    getByUsername: one('SELECT * FROM accounts WHERE username = ?', toAccount),
    get: one('SELECT * FROM accounts WHERE id = ?', toAccount),
    list: many('SELECT * FROM accounts ORDER BY username', toAccount),
    count: async () => Number((await db.get<{ n: unknown }>('SELECT COUNT(*) AS n FROM accounts'))?.n ?? 0),
  };

  const settings: Store['settings'] = {
    get: async (key) => (await db.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [key]))?.value,
    set: (key, value) =>
      exec('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]),
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
