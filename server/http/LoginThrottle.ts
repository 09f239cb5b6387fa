// Password guessing, slowed and then stopped (limits from server/limits.ts). Per account — the
// username asked for, known or not, so the answers reveal nothing — a back-off that doubles from
// `backoffAfter` failures on, and a lockout after `lockoutAfter` (even the right password is
// refused until it ends); per address, a cap on failures across accounts. An attempt is counted
// before its password is checked, so guesses sent in parallel cannot slip past; a success forgives.
// A password change's current password is a guess at the same account (a stolen session trying
// passwords): it counts against the same per-account and per-address budgets as sign-ins.
//
// Staff accounts have no audit stream of their own (the audit log is per hearing), so every attempt
// is one server-wide log line — username and address, never the password — and counted in `stats`.
import { KeyedQueue } from '../../core/lib/KeyedQueue.js';
import { RateLimited } from '../errorMapping.js';
import type { Limits } from '../limits.js';

export interface LoginStats {
  succeeded: number;
  failed: number;
  /** Refused without checking the password: back-off, lockout, or the address over its cap. */
  refused: number;
}

/** What the password is checked for: the log lines and refusals say which. */
export type PasswordCheck = 'sign-in' | 'password change';

/** One counted attempt; tell it how it ended. */
export interface LoginAttempt {
  succeeded(): Promise<void>;
  failed(): Promise<void>;
  /** Not a guess after all (the body was refused before any password was checked): uncounted. */
  withdrawn(): Promise<void>;
}

export class LoginThrottle {
  readonly stats: LoginStats = { succeeded: 0, failed: 0, refused: 0 };
  /** The check-and-count of one account runs alone, so parallel attempts see each other's count. */
  readonly #queue = new KeyedQueue();

  constructor(
    private readonly limits: Limits,
    private readonly log: { info(line: string): void; warn(line: string): void } = console,
  ) {}

  /** Before the password is checked: counts the attempt, or throws RateLimited when the account or the address must wait. */
  async attempt(username: string, ip: string, what: PasswordCheck = 'sign-in'): Promise<LoginAttempt> {
    const account = username.trim().toLowerCase();
    const who = `username=${JSON.stringify(username.slice(0, 64))} ip=${ip}`;
    const byIp = await this.limits.loginByIp.take(ip);
    if (!byIp.allowed) throw this.#refuse(what, who, 'too many failures from this address', byIp.retryAfterMs);
    const counted = await this.#queue.run(account, () => this.#count(account));
    if ('retryAfterMs' in counted) {
      await this.limits.loginByIp.give(ip); // the address is charged for guesses, not for waiting
      const { lockoutAfter } = this.limits.config.login;
      const locked = counted.failures >= lockoutAfter;
      const why = locked ? `account locked after ${counted.failures} failures` : 'back-off';
      throw this.#refuse(what, who, why, counted.retryAfterMs, locked);
    }
    const { failures } = counted;
    return {
      succeeded: async () => {
        this.stats.succeeded++;
        this.log.info(`[auth] ${what}: ${who}`);
        await Promise.all([
          this.limits.loginAttempts.forget(account),
          this.limits.loginHold.forget(account),
          this.limits.loginByIp.give(ip),
        ]);
      },
      failed: () => {
        this.stats.failed++;
        this.log.warn(`[auth] ${what} failed: ${who} (failure ${failures} since the last success)`);
        return Promise.resolve();
      },
      withdrawn: async () => {
        await Promise.all([this.limits.loginAttempts.give(account), this.limits.loginByIp.give(ip)]);
      },
    };
  }

  /** Refused while held (back-off, lockout); else counted, and from `backoffAfter` on the next attempt held back. */
  async #count(account: string): Promise<{ failures: number } | { failures: number; retryAfterMs: number }> {
    const { backoffAfter, backoffBaseMs, backoffMaxMs, lockoutAfter, lockoutMs } = this.limits.config.login;
    const hold = await this.limits.loginHold.peek(account);
    if (!hold.allowed) return { failures: (await this.limits.loginAttempts.peek(account)).count, retryAfterMs: hold.retryAfterMs };
    const { count } = await this.limits.loginAttempts.take(account);
    // Held before the password is even checked; a success lifts it.
    if (count >= lockoutAfter) await this.limits.loginHold.block(account, lockoutMs);
    else if (count >= backoffAfter)
      await this.limits.loginHold.block(account, Math.min(backoffBaseMs * 2 ** (count - backoffAfter), backoffMaxMs));
    return { failures: count };
  }

  #refuse(what: PasswordCheck, who: string, why: string, retryAfterMs: number, locked = false): RateLimited {
    this.stats.refused++;
    this.log.warn(`[auth] ${what} refused (${why}, retry after ${Math.ceil(retryAfterMs / 1000)} s): ${who}`);
    const failures = what === 'sign-in' ? 'failed sign-ins' : 'wrong passwords';
    return new RateLimited(
      retryAfterMs,
      locked ? `This account is locked after too many ${failures}: try again later` : `Too many ${failures}: wait before trying again`,
    );
  }
}
