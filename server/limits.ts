// Rate limits: how often one socket, participant, account or address may ask. Every limiter is
// built here, from one LimiterStore (rate-limiter-flexible's process memory on one machine; across
// several nodes, RateLimiterRedis with this memory store as its insuranceLimiter, built by
// server/cluster/redisLimiterStore.ts), and the rest of the server sees only the small Counter and
// Limiter interfaces below.
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** At most `points` per window of `windowMs`, counted from the first; once over, refused for `blockMs` (default: the rest of the window). */
export interface Window {
  points: number;
  windowMs: number;
  blockMs?: number;
}

/** A token bucket, approximately: `perSecond` sustained, and `burst` more per `burstWindowMs`. */
export interface Rate {
  perSecond: number;
  burst: number;
  burstWindowMs: number;
}

export interface LimitsConfig {
  signaling: {
    perSocket: Rate;
    /** Across the participant's sockets: a reconnect does not start a fresh allowance. */
    perParticipant: Rate;
    /** Refusals (of either limit, or of presence) a socket may collect per window; one more and it is disconnected. */
    strikes: Window;
  };
  /** Presence changes: socket connections and the join and leave requests. */
  presence: { perParticipant: Window; perIp: Window };
  /** Chat messages (chat.send) per participant: each one is an audit event and a line of the minutes. */
  chat: { perParticipant: Window };
  /** A lobby participant who is back within this long continues the same lobby stay (HearingService). */
  lobbyGraceMs: number;
  login: {
    /** Failed attempts per address, across accounts (password spraying). */
    perIp: Window;
    /** From this many failures on (counted per account), each attempt must wait a growing back-off. */
    backoffAfter: number;
    backoffBaseMs: number;
    backoffMaxMs: number;
    /** This many failures lock the account for `lockoutMs`: even the right password is refused. */
    lockoutAfter: number;
    lockoutMs: number;
    /** Failures are counted from the first one for this long (or until a success). */
    failureWindowMs: number;
  };
  /** Look-ups of an invitation token (GET /api/invitation) per address. */
  invitationPerIp: Window;
}

const MINUTE = 60_000;

/**
 * Sized so the court's own client never meets them. A join (or a rebuild after a media reset or a
 * reconnect) sends 8 + 2P requests at once, P being the remote producers (a consume and a
 * resumeConsumer each): join, router capabilities, two transports, their two connects, two or
 * three produces. P = 110 (some 50 people with camera and microphone, a screen, the courtroom
 * cameras) is 228 requests: inside 20 + 240. Per participant, room for two such joins within the
 * burst window (a reconnect or a media reset right after joining). Presence: a lobby participant
 * connects for the equipment check's probe, connects again, joins, and joins again when admitted (4);
 * every network drop is 2 more.
 */
export const DEFAULT_LIMITS: LimitsConfig = {
  signaling: {
    perSocket: { perSecond: 20, burst: 240, burstWindowMs: 10_000 },
    perParticipant: { perSecond: 20, burst: 480, burstWindowMs: 10_000 },
    strikes: { points: 50, windowMs: 10_000 },
  },
  presence: {
    perParticipant: { points: 20, windowMs: MINUTE, blockMs: MINUTE },
    // A courthouse behind one address: some 200 people checking, connecting, joining and joining again.
    perIp: { points: 800, windowMs: MINUTE },
  },
  // A clerk answering many people types a few a minute; a flood would fill the minutes.
  chat: { perParticipant: { points: 20, windowMs: MINUTE } },
  lobbyGraceMs: 30_000,
  login: {
    perIp: { points: 20, windowMs: 15 * MINUTE, blockMs: 15 * MINUTE },
    backoffAfter: 5,
    backoffBaseMs: 1_000,
    backoffMaxMs: MINUTE,
    lockoutAfter: 10,
    lockoutMs: 15 * MINUTE,
    failureWindowMs: 60 * MINUTE,
  },
  invitationPerIp: { points: 120, windowMs: MINUTE },
};

/** A limiter's answer: allowed or not, the points counted in the current window, and how long to wait when refused. */
export interface Verdict {
  allowed: boolean;
  count: number;
  retryAfterMs: number;
}

export interface Limiter {
  /** Counts `points` against `key`; refused once over the limit (and while blocked). Never rejects. */
  take(key: string, points?: number): Promise<Verdict>;
}

export interface Counter extends Limiter {
  /** Gives points back (an attempt that turned out well). */
  give(key: string, points?: number): Promise<void>;
  /** The count now, without counting; refused while over the limit or blocked. */
  peek(key: string): Promise<Verdict>;
  /** Refuses `key` for `ms` from now, whatever its count. */
  block(key: string, ms: number): Promise<void>;
  forget(key: string): Promise<void>;
}

/** Builds the library's limiter for one counter. Durations in seconds, as the library takes them. */
export type LimiterStore = (options: {
  keyPrefix: string;
  points: number;
  duration: number;
  blockDuration?: number;
}) => RateLimiterAbstract;

export const memoryStore: LimiterStore = (options) => new RateLimiterMemory(options);

/** Every limiter the server uses, built from `config` and one store. */
export interface Limits {
  config: LimitsConfig;
  socketRequests: Limiter;
  participantRequests: Limiter;
  strikes: Counter;
  presenceByParticipant: Counter;
  presenceByIp: Counter;
  chatByParticipant: Counter;
  /** Attempts per account since the last success (counted before the password is checked). */
  loginAttempts: Counter;
  /** Back-off and lockout per account: blocked keys only. */
  loginHold: Counter;
  loginByIp: Counter;
  invitationByIp: Counter;
}

export function createLimits(config: LimitsConfig = DEFAULT_LIMITS, store: LimiterStore = memoryStore): Limits {
  const window = (keyPrefix: string, w: Window): Counter =>
    new StoreCounter(
      store({
        keyPrefix,
        points: w.points,
        duration: seconds(w.windowMs),
        ...(w.blockMs ? { blockDuration: seconds(w.blockMs) } : {}),
      }),
    );
  const rate = (keyPrefix: string, r: Rate): Limiter => {
    const bursty = new BurstyRateLimiter(
      store({ keyPrefix, points: r.perSecond, duration: 1 }),
      store({ keyPrefix: `${keyPrefix}:burst`, points: r.burst, duration: seconds(r.burstWindowMs) }),
    );
    return { take: (key, points = 1) => verdict(bursty.consume(key, points)) };
  };
  const { signaling, presence, login } = config;
  return {
    config,
    socketRequests: rate('sig:socket', signaling.perSocket),
    participantRequests: rate('sig:participant', signaling.perParticipant),
    strikes: window('sig:strikes', signaling.strikes),
    presenceByParticipant: window('presence:participant', presence.perParticipant),
    presenceByIp: window('presence:ip', presence.perIp),
    chatByParticipant: window('chat:participant', config.chat.perParticipant),
    loginAttempts: window('login:account', { points: Number.MAX_SAFE_INTEGER, windowMs: login.failureWindowMs }),
    loginHold: window('login:hold', { points: 0, windowMs: login.lockoutMs }),
    loginByIp: window('login:ip', login.perIp),
    invitationByIp: window('invitation:ip', config.invitationPerIp),
  };
}

class StoreCounter implements Counter {
  constructor(private readonly limiter: RateLimiterAbstract) {}

  take(key: string, points = 1): Promise<Verdict> {
    return verdict(this.limiter.consume(key, points));
  }

  async give(key: string, points = 1): Promise<void> {
    await this.limiter.reward(key, points);
  }

  async peek(key: string): Promise<Verdict> {
    const res = await this.limiter.get(key);
    if (!res) return { allowed: true, count: 0, retryAfterMs: 0 };
    const allowed = res.consumedPoints <= this.limiter.points;
    return { allowed, count: res.consumedPoints, retryAfterMs: allowed ? 0 : Math.max(res.msBeforeNext, 0) };
  }

  async block(key: string, ms: number): Promise<void> {
    await this.limiter.block(key, seconds(ms));
  }

  async forget(key: string): Promise<void> {
    await this.limiter.delete(key);
  }
}

/** The library rejects with its RateLimiterRes when over the limit, and with an Error when its store fails. */
async function verdict(consumed: Promise<RateLimiterRes>): Promise<Verdict> {
  try {
    const res = await consumed;
    return { allowed: true, count: res.consumedPoints, retryAfterMs: 0 };
  } catch (refusal) {
    if (refusal instanceof RateLimiterRes) {
      return { allowed: false, count: refusal.consumedPoints, retryAfterMs: Math.max(refusal.msBeforeNext, 0) };
    }
    // A shared store that is down must not stop hearings: allow, and say so.
    console.error('[limits] the limiter store failed; allowing:', refusal);
    return { allowed: true, count: 0, retryAfterMs: 0 };
  }
}

const seconds = (ms: number) => ms / 1000;

/** Deep-merges partial settings (VCOURT_LIMITS, a test's overrides) over `base`. */
export function mergeLimits(base: LimitsConfig, ...overrides: (LimitOverrides | undefined)[]): LimitsConfig {
  let merged: unknown = base;
  for (const o of overrides) if (o) merged = mergeDeep(merged, o);
  return merged as LimitsConfig;
}

export type LimitOverrides = DeepPartial<LimitsConfig>;
type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

function mergeDeep(base: unknown, over: unknown): unknown {
  if (!isPlain(base) || !isPlain(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = mergeDeep(base[k], v);
  return out;
}

const isPlain = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/**
 * The client's address as express computes it with `trust proxy: loopback` (server/http/app.ts): a
 * proxy on this machine speaks for the client through X-Forwarded-For; anyone else is who they are.
 */
export function clientAddress(peer: string, forwardedFor: string | string[] | undefined): string {
  if (!LOOPBACK.test(peer) || !forwardedFor) return peer;
  const hops = [forwardedFor]
    .flat()
    .join(',')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) if (!LOOPBACK.test(hops[i]!)) return hops[i]!;
  return hops[0] ?? peer;
}
