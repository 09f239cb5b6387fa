// Authenticator codes (TOTP, RFC 6238) through otplib: six digits, one 30 s step either side for
// clock drift, and each step accepted once per account (RFC 6238 §5.2: a code seen on the wire or
// over a shoulder cannot be sent again). The account's last accepted step is kept in the store.
import { verifySync } from 'otplib';
import type { StaffSessionStore } from './StaffSessionStore.js';

const PERIOD_SECONDS = 30;
/** Seconds either side of now a code may come from: one step of drift. */
export const TOTP_TOLERANCE_SECONDS = 30;

/**
 * Whether `code` is a fresh code of `secret` for this account: valid now, and of a later time step
 * than the last one accepted (`lastStep`). Accepting it claims its step, atomically in the store, so
 * two requests with the same code cannot both pass.
 */
export async function acceptTotp(
  sessions: Pick<StaffSessionStore, 'claimTotpStep'>,
  accountId: string,
  secret: string,
  lastStep: number | null,
  code: string,
): Promise<boolean> {
  if (!/^\d{6}$/.test(code)) return false;
  const epoch = Math.floor(Date.now() / 1000);
  // otplib throws on an afterTimeStep past its window; every code it could accept is older then anyway.
  if (lastStep !== null && lastStep >= Math.floor((epoch + TOTP_TOLERANCE_SECONDS) / PERIOD_SECONDS)) return false;
  const result = verifySync({
    secret,
    token: code,
    epoch,
    epochTolerance: TOTP_TOLERANCE_SECONDS,
    ...(lastStep !== null ? { afterTimeStep: lastStep } : {}),
  });
  if (!result.valid || !('timeStep' in result)) return false;
  return sessions.claimTotpStep(accountId, result.timeStep);
}
