// Schema migrations, applied in order and recorded in user_version. Append new steps; never edit
// a step that has shipped.
import type Database from 'better-sqlite3';

const STEPS: string[] = [
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
];

export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let i = current; i < STEPS.length; i++) {
    db.transaction(() => {
      db.exec(STEPS[i]);
      db.pragma(`user_version = ${i + 1}`);
    })();
  }
}
