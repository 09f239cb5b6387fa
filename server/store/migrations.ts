// Schema migrations, applied in order and recorded in user_version. Append new steps; never edit
// a step that has shipped.
import type Database from 'better-sqlite3';
import { auditHash, GENESIS_HASH } from '../../core/hearing/auditChain.js';
import type { Sealer } from '../../core/hearing/ports.js';
import { maskUrl } from '../../core/lib/redact.js';

/** What a step may need besides the database: the sealer for secrets kept at rest. */
export interface MigrationDeps {
  sealer?: Sealer;
}

type Step = string | ((db: Database.Database, deps: MigrationDeps) => void);

const STEPS: Step[] = [
  `CREATE TABLE accounts (
     id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL,
     role TEXT NOT NULL CHECK (role IN ('admin', 'clerk')), password_hash TEXT NOT NULL, created_at TEXT NOT NULL);
   CREATE TABLE sites (
     id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, created_at TEXT NOT NULL);
   CREATE TABLE cases (
     id TEXT PRIMARY KEY, number TEXT NOT NULL, title TEXT NOT NULL, court TEXT NOT NULL, created_at TEXT NOT NULL);
   CREATE INDEX cases_number ON cases(number);
   CREATE TABLE hearings (
     id TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases(id), title TEXT NOT NULL,
     scheduled_at TEXT NOT NULL, state TEXT NOT NULL, courtroom_site_id TEXT REFERENCES sites(id),
     created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
   CREATE INDEX hearings_case ON hearings(case_id);
   CREATE TABLE participants (
     id TEXT PRIMARY KEY, hearing_id TEXT NOT NULL REFERENCES hearings(id), display_name TEXT NOT NULL,
     role TEXT NOT NULL, site_id TEXT REFERENCES sites(id), status TEXT NOT NULL,
     forced_mute_audio INTEGER NOT NULL DEFAULT 0, forced_mute_video INTEGER NOT NULL DEFAULT 0,
     invitation_id TEXT, created_at TEXT NOT NULL);
   CREATE INDEX participants_hearing ON participants(hearing_id);
   CREATE TABLE audit_events (
     seq INTEGER PRIMARY KEY AUTOINCREMENT, hearing_id TEXT NOT NULL REFERENCES hearings(id), at TEXT NOT NULL,
     actor TEXT NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL);
   CREATE INDEX audit_hearing ON audit_events(hearing_id, seq);
   -- The audit log is append-only, enforced by the database itself.
   CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
   CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
   CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,

  // 2: the audit log becomes a hash chain per hearing (see auditChain.ts); rows written before
  // this step are chained here, once, in their original order.
  (db) => {
    db.exec(`ALTER TABLE audit_events ADD COLUMN prev_hash TEXT;
             ALTER TABLE audit_events ADD COLUMN hash TEXT;
             DROP TRIGGER audit_no_update;`);
    const rows = db.prepare('SELECT * FROM audit_events ORDER BY seq').all() as {
      seq: number;
      hearing_id: string;
      at: string;
      actor: string;
      type: string;
      data: string;
    }[];
    const last = new Map<string, string>();
    const set = db.prepare('UPDATE audit_events SET prev_hash = ?, hash = ? WHERE seq = ?');
    for (const r of rows) {
      const prev = last.get(r.hearing_id) ?? GENESIS_HASH;
      const hash = auditHash(prev, { hearingId: r.hearing_id, at: r.at, actorJson: r.actor, type: r.type, dataJson: r.data });
      set.run(prev, hash, r.seq);
      last.set(r.hearing_id, hash);
    }
    db.exec(`CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;`);
  },

  // 3: the hearing record: captured tracks, their segments, recording gaps, and the signed bundle.
  `CREATE TABLE recording_tracks (
     id TEXT PRIMARY KEY, hearing_id TEXT NOT NULL REFERENCES hearings(id), participant_id TEXT NOT NULL,
     kind TEXT NOT NULL, source TEXT NOT NULL, codec TEXT NOT NULL, started_at TEXT NOT NULL, ended_at TEXT);
   CREATE INDEX recording_tracks_hearing ON recording_tracks(hearing_id);
   CREATE TABLE recording_segments (
     track_id TEXT NOT NULL REFERENCES recording_tracks(id), seq INTEGER NOT NULL, file TEXT NOT NULL,
     started_at_ms INTEGER NOT NULL, ended_at_ms INTEGER, bytes INTEGER, PRIMARY KEY (track_id, seq));
   CREATE TABLE recording_gaps (
     id INTEGER PRIMARY KEY AUTOINCREMENT, hearing_id TEXT NOT NULL REFERENCES hearings(id), track_id TEXT,
     started_at TEXT NOT NULL, ended_at TEXT, cause TEXT NOT NULL);
   CREATE INDEX recording_gaps_hearing ON recording_gaps(hearing_id);
   CREATE TABLE records (
     hearing_id TEXT PRIMARY KEY REFERENCES hearings(id), status TEXT NOT NULL, progress REAL NOT NULL DEFAULT 0,
     dir TEXT, manifest_sha256 TEXT, created_at TEXT NOT NULL, completed_at TEXT, error TEXT, retain_until TEXT);`,

  // 4: the clerk archive: a phase label beside the build progress ("composite", "tracks", …) and
  // when a record was deleted at the end of its retention (the row stays, as the case file's note).
  `ALTER TABLE records ADD COLUMN phase TEXT NOT NULL DEFAULT '';
   ALTER TABLE records ADD COLUMN deleted_at TEXT;`,

  // 5: courtroom hardware: devices registered at a site, each with its own revocable token, and
  // the participant a device is in each hearing it takes part in.
  `CREATE TABLE devices (
     id TEXT PRIMARY KEY, site_id TEXT NOT NULL REFERENCES sites(id),
     kind TEXT NOT NULL CHECK (kind IN ('camera', 'encoder', 'display')), name TEXT NOT NULL, rtsp_url TEXT,
     token_id TEXT, revoked_at TEXT, created_at TEXT NOT NULL);
   CREATE INDEX devices_site ON devices(site_id);
   ALTER TABLE participants ADD COLUMN device_id TEXT REFERENCES devices(id);
   CREATE INDEX participants_device ON participants(device_id);`,

  // 6: judges get staff accounts (the archive is for clerks and judges). SQLite cannot alter a
  // CHECK constraint, so the table is rebuilt; nothing references accounts by foreign key.
  `CREATE TABLE accounts_new (
     id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL,
     role TEXT NOT NULL CHECK (role IN ('admin', 'clerk', 'judge')), password_hash TEXT NOT NULL, created_at TEXT NOT NULL);
   INSERT INTO accounts_new SELECT id, username, display_name, role, password_hash, created_at FROM accounts;
   DROP TABLE accounts;
   ALTER TABLE accounts_new RENAME TO accounts;`,

  // 7: builds are retried with back-off: the attempt a record's build is at, and when the next is due.
  `ALTER TABLE records ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE records ADD COLUMN next_attempt_at TEXT;`,

  // 8: camera URLs (their passwords) are sealed at rest: rtsp_sealed holds the full URL, sealed
  // with the server's credentials key; rtsp_url keeps it with the password masked. secure_delete
  // zeroes the plain text's old cells instead of leaving them in free pages of the file.
  (db, { sealer }) => {
    db.exec('ALTER TABLE devices ADD COLUMN rtsp_sealed TEXT');
    const rows = db.prepare('SELECT id, rtsp_url FROM devices WHERE rtsp_url IS NOT NULL').all() as { id: string; rtsp_url: string }[];
    if (rows.length === 0) return;
    if (!sealer) throw new Error('camera URLs to seal, and no credentials key to seal them with');
    const secureDelete = db.pragma('secure_delete', { simple: true }) as number;
    db.pragma('secure_delete = ON');
    const set = db.prepare('UPDATE devices SET rtsp_url = ?, rtsp_sealed = ? WHERE id = ?');
    for (const r of rows) set.run(maskUrl(r.rtsp_url), sealer.seal(r.rtsp_url, r.id), r.id);
    db.pragma(`secure_delete = ${secureDelete}`);
  },

  // 9: staff sessions end on the server: one row per sign-in (the token's jti), revoked by logout,
  // a password or role change or a disabled account; accounts can be disabled and get a TOTP
  // second factor; scrypt parameters already travel inside password_hash.
  `CREATE TABLE staff_sessions (
     id TEXT PRIMARY KEY, account_id TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL,
     revoked_at TEXT, last_seen TEXT NOT NULL, second_factor INTEGER NOT NULL DEFAULT 0);
   CREATE INDEX staff_sessions_account ON staff_sessions(account_id);
   ALTER TABLE accounts ADD COLUMN disabled_at TEXT;
   ALTER TABLE accounts ADD COLUMN totp_secret TEXT;
   ALTER TABLE accounts ADD COLUMN totp_enabled_at TEXT;`,

  // 10: four eyes on a record's end: shortening a retention or deleting a record is a request one
  // staff member files and another approves (at most one pending per record); a judge's seat bound
  // to a judge account (who presided, for the archive), and a clerk's grant of one record to staff.
  `CREATE TABLE record_requests (
     id TEXT PRIMARY KEY, hearing_id TEXT NOT NULL REFERENCES hearings(id),
     kind TEXT NOT NULL CHECK (kind IN ('shorten', 'delete')), retain_until TEXT, reason TEXT NOT NULL,
     requested_by TEXT NOT NULL, requested_by_name TEXT NOT NULL, requested_at TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'refused', 'withdrawn')),
     decided_by TEXT, decided_by_name TEXT, decided_at TEXT, decision_reason TEXT);
   CREATE UNIQUE INDEX record_requests_pending ON record_requests(hearing_id) WHERE status = 'pending';
   ALTER TABLE participants ADD COLUMN account_id TEXT;
   CREATE TABLE record_grants (
     hearing_id TEXT NOT NULL REFERENCES hearings(id), account_id TEXT NOT NULL,
     granted_by TEXT NOT NULL, granted_at TEXT NOT NULL, PRIMARY KEY (hearing_id, account_id));`,

  // TOTP codes are used once: the last time step a code was accepted for, per account (only later
  // steps are accepted after it); cleared with the secret it belongs to.
  `ALTER TABLE accounts ADD COLUMN totp_last_step INTEGER;`,

  // A site can force relay: its participants get TURN (iceTransportPolicy 'relay') and nothing
  // else, for networks that let only TLS to one address out (server/turn/IceServers.ts).
  `ALTER TABLE sites ADD COLUMN relay_only INTEGER NOT NULL DEFAULT 0;`,

  // The procedure of a Vietnamese hearing (core/protocol/procedure.ts): the stage an in-session
  // hearing is at, and how an ended one ended (hearings ended before this step simply ended).
  `ALTER TABLE hearings ADD COLUMN stage TEXT;
   ALTER TABLE hearings ADD COLUMN outcome TEXT;
   UPDATE hearings SET stage = 'opening' WHERE state IN ('in_session', 'recess');
   UPDATE hearings SET outcome = 'ended' WHERE state = 'adjourned';`,

  // The clerk's workspace: a case's kind (criminal, civil, …; earlier cases were criminal), how
  // to reach each participant (JSON {email, phone}), where their current link stands (made, until
  // when, first opened, sent and to where, masked, revoked), and the calendar's look-up by time.
  `ALTER TABLE cases ADD COLUMN kind TEXT NOT NULL DEFAULT 'criminal';
   ALTER TABLE participants ADD COLUMN contact TEXT;
   ALTER TABLE participants ADD COLUMN invitation_issued_at TEXT;
   ALTER TABLE participants ADD COLUMN invitation_expires_at TEXT;
   ALTER TABLE participants ADD COLUMN invitation_opened_at TEXT;
   ALTER TABLE participants ADD COLUMN invitation_sent_at TEXT;
   ALTER TABLE participants ADD COLUMN invitation_sent_to TEXT;
   ALTER TABLE participants ADD COLUMN invitation_revoked_at TEXT;
   CREATE INDEX hearings_scheduled ON hearings(scheduled_at);`,

  // Screen sharing per participant: the presiding judge lets a party share (the bench always may).
  `ALTER TABLE participants ADD COLUMN screen_allowed INTEGER NOT NULL DEFAULT 0;`,

  // Attendance (điểm danh) and identity checks, one row per summoned participant called or
  // attested: the only place identity numbers are kept whole (views, audit and minutes mask them).
  // No foreign key to participants: a participant withdrawn before the hearing goes, the row with it
  // is then simply never read.
  `CREATE TABLE attendance (
     participant_id TEXT PRIMARY KEY, hearing_id TEXT NOT NULL REFERENCES hearings(id),
     status TEXT CHECK (status IN ('present', 'absent')), reason TEXT, id_kind TEXT, id_number TEXT,
     id_checked INTEGER NOT NULL DEFAULT 0, marked_by TEXT, marked_at TEXT,
     attested_account_id TEXT, attested_by TEXT, attested_site_id TEXT, attested_id_kind TEXT, attested_id_number TEXT,
     attested_note TEXT, attested_at TEXT, verified_by TEXT);
   CREATE INDEX attendance_hearing ON attendance(hearing_id);`,

  // Site officers (cán bộ điểm cầu): a staff account bound to one site attests who is in front of
  // the camera there. The role's CHECK changes, so the table is rebuilt as in step 6, keeping the
  // columns added since (disabled, TOTP); a site officer has a site and no one else has one.
  `CREATE TABLE accounts_new (
     id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL,
     role TEXT NOT NULL CHECK (role IN ('admin', 'clerk', 'judge', 'site_officer')), password_hash TEXT NOT NULL,
     created_at TEXT NOT NULL, disabled_at TEXT, totp_secret TEXT, totp_enabled_at TEXT, totp_last_step INTEGER,
     site_id TEXT REFERENCES sites(id), CHECK ((role = 'site_officer') = (site_id IS NOT NULL)));
   INSERT INTO accounts_new (id, username, display_name, role, password_hash, created_at, disabled_at, totp_secret,
       totp_enabled_at, totp_last_step)
     SELECT id, username, display_name, role, password_hash, created_at, disabled_at, totp_secret, totp_enabled_at,
       totp_last_step FROM accounts;
   DROP TABLE accounts;
   ALTER TABLE accounts_new RENAME TO accounts;`,
  // Rooms inside a hearing (core/hearing/rooms.ts): the room a participant was last moved to;
  // NULL where their role starts (witnesses and experts in the witness room, everyone else in the courtroom).
  `ALTER TABLE participants ADD COLUMN room TEXT
     CHECK (room IS NULL OR room IN ('courtroom', 'witness', 'deliberation')
       OR room GLOB 'consultation-[1-9]' OR room GLOB 'consultation-1[0-9]' OR room = 'consultation-20');`,
  // The interpretation channel: an interpreter's language pair, JSON { from, to } of ISO 639-1 codes
  // (core/protocol/interpretation.ts); NULL for everyone else.
  `ALTER TABLE participants ADD COLUMN languages TEXT;`,
];

/** The schema version a fully migrated database has. */
export const SCHEMA_VERSION = STEPS.length;

/** Applies the missing steps up to `target` (tests stop early to build an older database). */
export function migrate(db: Database.Database, target = STEPS.length, deps: MigrationDeps = {}): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let i = current; i < target; i++) {
    db.transaction(() => {
      const step = STEPS[i]!; // i < target <= STEPS.length
      if (typeof step === 'string') db.exec(step);
      else step(db, deps);
      db.pragma(`user_version = ${i + 1}`);
    })();
  }
}
