// Staff sessions and the accounts' security settings (disabled, TOTP, role and password changes),
// kept beside the core Store: the domain never needs them, only server/auth/Access does.
// One SQL for SQLite and PostgreSQL (server/store/sql/Db.ts).
import type { AccountRole } from '../../core/hearing/types.js';
import type { AccountSecurity, StaffSession, StaffSessionStore } from '../auth/StaffSessionStore.js';
import type { Db } from './sql/Db.js';

interface SessionRow {
  id: string;
  account_id: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  last_seen: string;
  second_factor: number | string;
}

interface SecurityRow {
  disabled_at: string | null;
  totp_secret: string | null;
  totp_enabled_at: string | null;
  totp_last_step: number | string | null;
}

const toSession = (r: SessionRow): StaffSession => ({
  id: r.id,
  accountId: r.account_id,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
  lastSeen: r.last_seen,
  secondFactor: Number(r.second_factor) === 1,
});

export class SqlStaffSessions implements StaffSessionStore {
  constructor(private readonly db: Db) {}

  async create(session: Omit<StaffSession, 'revokedAt' | 'lastSeen'>): Promise<void> {
    await this.db.run(
      `INSERT INTO staff_sessions (id, account_id, created_at, expires_at, revoked_at, last_seen, second_factor)
       VALUES (?, ?, ?, ?, NULL, ?, ?)`,
      [session.id, session.accountId, session.createdAt, session.expiresAt, session.createdAt, session.secondFactor ? 1 : 0],
    );
  }

  async get(id: string): Promise<StaffSession | null> {
    const row = await this.db.get<SessionRow>('SELECT * FROM staff_sessions WHERE id = ?', [id]);
    return row ? toSession(row) : null;
  }

  async touch(id: string, at: string): Promise<void> {
    await this.db.run('UPDATE staff_sessions SET last_seen = ? WHERE id = ?', [at, id]);
  }

  async revoke(id: string, at: string): Promise<boolean> {
    const { changes } = await this.db.run('UPDATE staff_sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [at, id]);
    return changes > 0;
  }

  /** The live sessions (not revoked, not expired at `at`) but `exceptId`'s. */
  async revokeAll(accountId: string, at: string, exceptId: string | null = null): Promise<number> {
    const live = 'UPDATE staff_sessions SET revoked_at = ? WHERE account_id = ? AND revoked_at IS NULL AND expires_at > ?';
    const { changes } =
      exceptId === null
        ? await this.db.run(live, [at, accountId, at])
        : await this.db.run(`${live} AND id <> ?`, [at, accountId, at, exceptId]);
    return changes;
  }

  async security(accountId: string): Promise<AccountSecurity | null> {
    const row = await this.db.get<SecurityRow>(
      'SELECT disabled_at, totp_secret, totp_enabled_at, totp_last_step FROM accounts WHERE id = ?',
      [accountId],
    );
    return row
      ? {
          disabledAt: row.disabled_at,
          totpSecret: row.totp_secret,
          totpEnabledAt: row.totp_enabled_at,
          totpLastStep: row.totp_last_step === null ? null : Number(row.totp_last_step),
        }
      : null;
  }

  async setDisabled(accountId: string, at: string | null): Promise<void> {
    await this.db.run('UPDATE accounts SET disabled_at = ? WHERE id = ?', [at, accountId]);
  }

  async setRole(accountId: string, role: AccountRole, siteId: string | null = null): Promise<void> {
    await this.db.run('UPDATE accounts SET role = ?, site_id = ? WHERE id = ?', [role, siteId, accountId]);
  }

  async setPasswordHash(accountId: string, hash: string): Promise<void> {
    await this.db.run('UPDATE accounts SET password_hash = ? WHERE id = ?', [hash, accountId]);
  }

  async setTotp(accountId: string, secret: string | null, enabledAt: string | null): Promise<void> {
    // SET reads the row as it was: the step is kept only when the secret stays the same.
    await this.db.run(
      `UPDATE accounts SET totp_secret = ?, totp_enabled_at = ?,
              totp_last_step = CASE WHEN totp_secret IS NOT DISTINCT FROM ? THEN totp_last_step ELSE NULL END
        WHERE id = ?`,
      [secret, enabledAt, secret, accountId],
    );
  }

  /** One conditional UPDATE, so two sign-ins with the same code (on any node) cannot both claim its step. */
  async claimTotpStep(accountId: string, step: number): Promise<boolean> {
    const { changes } = await this.db.run(
      'UPDATE accounts SET totp_last_step = ? WHERE id = ? AND (totp_last_step IS NULL OR totp_last_step < ?)',
      [step, accountId, step],
    );
    return changes === 1;
  }
}
