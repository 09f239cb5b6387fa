// Staff sessions and the accounts' security settings (disabled, TOTP, role and password changes),
// kept beside the core Store: the domain never needs them, only server/auth/Access does.
import type Database from 'better-sqlite3';
import type { AccountRole } from '../../core/hearing/types.js';
import type { AccountSecurity, StaffSession, StaffSessionStore } from '../auth/StaffSessionStore.js';

interface SessionRow {
  id: string;
  account_id: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  last_seen: string;
  second_factor: number;
}

const toSession = (r: SessionRow): StaffSession => ({
  id: r.id,
  accountId: r.account_id,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
  lastSeen: r.last_seen,
  secondFactor: r.second_factor === 1,
});

export class SqliteStaffSessions implements StaffSessionStore {
  readonly #insert: Database.Statement;
  readonly #get: Database.Statement;
  readonly #touch: Database.Statement;
  readonly #revoke: Database.Statement;
  readonly #revokeAll: Database.Statement;
  readonly #security: Database.Statement;
  readonly #setDisabled: Database.Statement;
  readonly #setRole: Database.Statement;
  readonly #setPassword: Database.Statement;
  readonly #setTotp: Database.Statement;
  readonly #claimStep: Database.Statement;

  constructor(db: Database.Database) {
    this.#insert = db.prepare(
      'INSERT INTO staff_sessions (id, account_id, created_at, expires_at, revoked_at, last_seen, second_factor) VALUES (?, ?, ?, ?, NULL, ?, ?)',
    );
    this.#get = db.prepare('SELECT * FROM staff_sessions WHERE id = ?');
    this.#touch = db.prepare('UPDATE staff_sessions SET last_seen = ? WHERE id = ?');
    this.#revoke = db.prepare('UPDATE staff_sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
    this.#revokeAll = db.prepare(
      'UPDATE staff_sessions SET revoked_at = ? WHERE account_id = ? AND revoked_at IS NULL AND id IS NOT ? AND expires_at > ?',
    );
    this.#security = db.prepare('SELECT disabled_at, totp_secret, totp_enabled_at, totp_last_step FROM accounts WHERE id = ?');
    this.#setDisabled = db.prepare('UPDATE accounts SET disabled_at = ? WHERE id = ?');
    this.#setRole = db.prepare('UPDATE accounts SET role = ?, site_id = ? WHERE id = ?');
    this.#setPassword = db.prepare('UPDATE accounts SET password_hash = ? WHERE id = ?');
    // SET reads the row as it was: the step is kept only when the secret stays the same.
    this.#setTotp = db.prepare(
      `UPDATE accounts SET totp_secret = @secret, totp_enabled_at = @enabledAt,
              totp_last_step = CASE WHEN totp_secret IS @secret THEN totp_last_step ELSE NULL END
        WHERE id = @id`,
    );
    // One statement, so two sign-ins with the same code cannot both claim its step.
    this.#claimStep = db.prepare(
      'UPDATE accounts SET totp_last_step = @step WHERE id = @id AND (totp_last_step IS NULL OR totp_last_step < @step)',
    );
  }

  create(session: Omit<StaffSession, 'revokedAt' | 'lastSeen'>): void {
    this.#insert.run(session.id, session.accountId, session.createdAt, session.expiresAt, session.createdAt, session.secondFactor ? 1 : 0);
  }

  get(id: string): StaffSession | null {
    const row = this.#get.get(id) as SessionRow | undefined;
    return row ? toSession(row) : null;
  }

  touch(id: string, at: string): void {
    this.#touch.run(at, id);
  }

  revoke(id: string, at: string): boolean {
    return this.#revoke.run(at, id).changes > 0;
  }

  revokeAll(accountId: string, at: string, exceptId: string | null = null): number {
    return this.#revokeAll.run(at, accountId, exceptId, at).changes;
  }

  security(accountId: string): AccountSecurity | null {
    const row = this.#security.get(accountId) as
      { disabled_at: string | null; totp_secret: string | null; totp_enabled_at: string | null; totp_last_step: number | null } | undefined;
    return row
      ? { disabledAt: row.disabled_at, totpSecret: row.totp_secret, totpEnabledAt: row.totp_enabled_at, totpLastStep: row.totp_last_step }
      : null;
  }

  setDisabled(accountId: string, at: string | null): void {
    this.#setDisabled.run(at, accountId);
  }

  setRole(accountId: string, role: AccountRole, siteId: string | null = null): void {
    this.#setRole.run(role, siteId, accountId);
  }

  setPasswordHash(accountId: string, hash: string): void {
    this.#setPassword.run(hash, accountId);
  }

  setTotp(accountId: string, secret: string | null, enabledAt: string | null): void {
    this.#setTotp.run({ secret, enabledAt, id: accountId });
  }

  claimTotpStep(accountId: string, step: number): boolean {
    return this.#claimStep.run({ step, id: accountId }).changes === 1;
  }
}
