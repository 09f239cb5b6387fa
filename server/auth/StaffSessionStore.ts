// The port Access keeps staff sessions and account security settings through (SQLite or PostgreSQL in
// server/store/SqlStaffSessions.ts).
import type { AccountRole } from '../../core/hearing/types.js';

export interface StaffSession {
  id: string;
  accountId: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  lastSeen: string;
  /** Whether the sign-in that opened it gave a TOTP code. */
  secondFactor: boolean;
}

export interface AccountSecurity {
  disabledAt: string | null;
  /** Set at enrolment; in force only once totpEnabledAt is set (a valid code confirmed it). */
  totpSecret: string | null;
  totpEnabledAt: string | null;
  /** The time step of the last code accepted from this secret: only later ones are accepted (no replay). */
  totpLastStep: number | null;
}

export interface StaffSessionStore {
  create(session: Omit<StaffSession, 'revokedAt' | 'lastSeen'>): Promise<void>;
  get(id: string): Promise<StaffSession | null>;
  touch(id: string, at: string): Promise<void>;
  revoke(id: string, at: string): Promise<boolean>;
  /** Revokes the account's live sessions, but `exceptId`; returns how many. */
  revokeAll(accountId: string, at: string, exceptId?: string | null): Promise<number>;
  security(accountId: string): Promise<AccountSecurity | null>;
  setDisabled(accountId: string, at: string | null): Promise<void>;
  /** The role, with the site of a site officer (null for every other role). */
  setRole(accountId: string, role: AccountRole, siteId?: string | null): Promise<void>;
  setPasswordHash(accountId: string, hash: string): Promise<void>;
  /** A new secret (or none) forgets the last accepted time step; the same secret keeps it. */
  setTotp(accountId: string, secret: string | null, enabledAt: string | null): Promise<void>;
  /** Records `step` as the last accepted one, unless it is not later than the recorded one: false then (a replay). */
  claimTotpStep(accountId: string, step: number): Promise<boolean>;
}
