// The PostgreSQL schema, for vcourt nodes sharing one database. Its steps are numbered on their
// own, recorded in vcourt_migrations, and taken under an advisory lock so that nodes starting at
// once migrate once.
//
// How the schema changes from now on: one new step at the end of each list, SQLite's
// (server/store/migrations.ts) and this one, meaning the same change in each dialect. Step 1 here is
// the whole SQLite schema as it stood after its 19 steps; SQLite's history before that is not
// replayed. Types: TEXT → text, 0/1 flags stay integer (the stores compare with 1), instants in ms
// and sequence numbers → bigint (read back as JS numbers by PgDb), AUTOINCREMENT → an identity
// column. Tables whose queries ORDER BY rowid get a `rowid` identity column: SQLite's implicit
// insertion order, made explicit.
import type pg from 'pg';

const STEPS: string[] = [
  `CREATE TABLE sites (
     id text PRIMARY KEY, name text NOT NULL, kind text NOT NULL, created_at text NOT NULL,
     relay_only integer NOT NULL DEFAULT 0);
   CREATE TABLE accounts (
     id text PRIMARY KEY, username text NOT NULL UNIQUE, display_name text NOT NULL,
     role text NOT NULL CHECK (role IN ('admin', 'clerk', 'judge', 'site_officer')), password_hash text NOT NULL,
     created_at text NOT NULL, disabled_at text, totp_secret text, totp_enabled_at text, totp_last_step bigint,
     site_id text REFERENCES sites(id), CHECK ((role = 'site_officer') = (site_id IS NOT NULL)));
   CREATE TABLE cases (
     id text PRIMARY KEY, number text NOT NULL, title text NOT NULL, court text NOT NULL, created_at text NOT NULL,
     kind text NOT NULL DEFAULT 'criminal');
   CREATE INDEX cases_number ON cases(number);
   CREATE TABLE hearings (
     id text PRIMARY KEY, case_id text NOT NULL REFERENCES cases(id), title text NOT NULL,
     scheduled_at text NOT NULL, state text NOT NULL, courtroom_site_id text REFERENCES sites(id),
     created_at text NOT NULL, updated_at text NOT NULL, stage text, outcome text,
     rowid bigint GENERATED ALWAYS AS IDENTITY);
   CREATE INDEX hearings_case ON hearings(case_id);
   CREATE INDEX hearings_scheduled ON hearings(scheduled_at);
   CREATE TABLE devices (
     id text PRIMARY KEY, site_id text NOT NULL REFERENCES sites(id),
     kind text NOT NULL CHECK (kind IN ('camera', 'encoder', 'display')), name text NOT NULL, rtsp_url text,
     token_id text, revoked_at text, created_at text NOT NULL, rtsp_sealed text,
     rowid bigint GENERATED ALWAYS AS IDENTITY);
   CREATE INDEX devices_site ON devices(site_id);
   CREATE TABLE participants (
     id text PRIMARY KEY, hearing_id text NOT NULL REFERENCES hearings(id), display_name text NOT NULL,
     role text NOT NULL, site_id text REFERENCES sites(id), status text NOT NULL,
     forced_mute_audio integer NOT NULL DEFAULT 0, forced_mute_video integer NOT NULL DEFAULT 0,
     invitation_id text, created_at text NOT NULL, device_id text REFERENCES devices(id), account_id text,
     contact text, invitation_issued_at text, invitation_expires_at text, invitation_opened_at text,
     invitation_sent_at text, invitation_sent_to text, invitation_revoked_at text,
     screen_allowed integer NOT NULL DEFAULT 0,
     room text CHECK (room IS NULL OR room IN ('courtroom', 'witness', 'deliberation')
       OR room ~ '^consultation-([1-9]|1[0-9]|20)$'),
     languages text,
     rowid bigint GENERATED ALWAYS AS IDENTITY);
   CREATE INDEX participants_hearing ON participants(hearing_id);
   CREATE INDEX participants_device ON participants(device_id);
   CREATE TABLE audit_events (
     seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, hearing_id text NOT NULL REFERENCES hearings(id),
     at text NOT NULL, actor text NOT NULL, type text NOT NULL, data text NOT NULL, prev_hash text, hash text);
   CREATE INDEX audit_hearing ON audit_events(hearing_id, seq);
   -- The audit log is append-only, enforced by the database itself.
   CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN RAISE EXCEPTION 'audit log is append-only'; END $$;
   CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit_events
     FOR EACH ROW EXECUTE FUNCTION audit_append_only();
   CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit_events
     FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
   CREATE TABLE settings (key text PRIMARY KEY, value text NOT NULL);
   CREATE TABLE recording_tracks (
     id text PRIMARY KEY, hearing_id text NOT NULL REFERENCES hearings(id), participant_id text NOT NULL,
     kind text NOT NULL, source text NOT NULL, codec text NOT NULL, started_at text NOT NULL, ended_at text,
     rowid bigint GENERATED ALWAYS AS IDENTITY);
   CREATE INDEX recording_tracks_hearing ON recording_tracks(hearing_id);
   CREATE TABLE recording_segments (
     track_id text NOT NULL REFERENCES recording_tracks(id), seq bigint NOT NULL, file text NOT NULL,
     started_at_ms bigint NOT NULL, ended_at_ms bigint, bytes bigint, PRIMARY KEY (track_id, seq));
   CREATE TABLE recording_gaps (
     id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, hearing_id text NOT NULL REFERENCES hearings(id),
     track_id text, started_at text NOT NULL, ended_at text, cause text NOT NULL);
   CREATE INDEX recording_gaps_hearing ON recording_gaps(hearing_id);
   CREATE TABLE records (
     hearing_id text PRIMARY KEY REFERENCES hearings(id), status text NOT NULL,
     progress double precision NOT NULL DEFAULT 0, dir text, manifest_sha256 text, created_at text NOT NULL,
     completed_at text, error text, retain_until text, phase text NOT NULL DEFAULT '', deleted_at text,
     attempts integer NOT NULL DEFAULT 0, next_attempt_at text);
   CREATE TABLE staff_sessions (
     id text PRIMARY KEY, account_id text NOT NULL, created_at text NOT NULL, expires_at text NOT NULL,
     revoked_at text, last_seen text NOT NULL, second_factor integer NOT NULL DEFAULT 0);
   CREATE INDEX staff_sessions_account ON staff_sessions(account_id);
   CREATE TABLE record_requests (
     id text PRIMARY KEY, hearing_id text NOT NULL REFERENCES hearings(id),
     kind text NOT NULL CHECK (kind IN ('shorten', 'delete')), retain_until text, reason text NOT NULL,
     requested_by text NOT NULL, requested_by_name text NOT NULL, requested_at text NOT NULL,
     status text NOT NULL CHECK (status IN ('pending', 'approved', 'refused', 'withdrawn')),
     decided_by text, decided_by_name text, decided_at text, decision_reason text);
   CREATE UNIQUE INDEX record_requests_pending ON record_requests(hearing_id) WHERE status = 'pending';
   CREATE TABLE record_grants (
     hearing_id text NOT NULL REFERENCES hearings(id), account_id text NOT NULL,
     granted_by text NOT NULL, granted_at text NOT NULL, PRIMARY KEY (hearing_id, account_id));
   CREATE TABLE attendance (
     participant_id text PRIMARY KEY, hearing_id text NOT NULL REFERENCES hearings(id),
     status text CHECK (status IN ('present', 'absent')), reason text, id_kind text, id_number text,
     id_checked integer NOT NULL DEFAULT 0, marked_by text, marked_at text,
     attested_account_id text, attested_by text, attested_site_id text, attested_id_kind text, attested_id_number text,
     attested_note text, attested_at text, verified_by text,
     rowid bigint GENERATED ALWAYS AS IDENTITY);
   CREATE INDEX attendance_hearing ON attendance(hearing_id);`,
];

/** The schema version a fully migrated PostgreSQL database has. */
export const PG_SCHEMA_VERSION = STEPS.length;

/** One key for every node: the advisory lock that makes migrating a one-at-a-time affair. */
const MIGRATION_LOCK = 'vcourt:migrations';

/**
 * Applies the missing steps, each in its own transaction with its row in vcourt_migrations. Holds a
 * session advisory lock throughout: a second node starting at the same moment waits, then finds
 * nothing left to do. Returns the steps this call applied.
 */
export async function migratePostgres(pool: pg.Pool, target = STEPS.length): Promise<number[]> {
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [MIGRATION_LOCK]);
    try {
      await client.query(
        'CREATE TABLE IF NOT EXISTS vcourt_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM vcourt_migrations');
      for (let i = rows[0]?.v ?? 0; i < target; i++) {
        await client.query('BEGIN');
        try {
          await client.query(STEPS[i]!); // i < target <= STEPS.length
          await client.query('INSERT INTO vcourt_migrations (version) VALUES ($1)', [i + 1]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw new Error(`PostgreSQL migration ${i + 1} failed: ${(error as Error).message}`, { cause: error });
        }
        applied.push(i + 1);
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
  return applied;
}
