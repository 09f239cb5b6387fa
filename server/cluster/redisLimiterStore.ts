// Rate limits shared by every node (server/limits.ts builds its limiters from a LimiterStore): a
// client that spreads its requests over several nodes spends one budget. While Redis is
// unreachable each node counts in its own memory (the insurance limiter) rather than refusing.
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import type { LimiterStore } from '../limits.js';
import type { RedisClient } from './RedisConnection.js';

export function redisLimiterStore(client: RedisClient, prefix = 'vcourt:rl:'): LimiterStore {
  return (options) => {
    // Redis counts whole seconds (a shorter window would never expire there).
    const shared = {
      ...options,
      duration: wholeSeconds(options.duration),
      ...(options.blockDuration ? { blockDuration: wholeSeconds(options.blockDuration) } : {}),
    };
    return new RateLimiterRedis({
      ...shared,
      keyPrefix: `${prefix}${options.keyPrefix}`,
      storeClient: client,
      useRedisPackage: true,
      // Without it a request would wait in the client's offline queue until Redis is back.
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory(shared),
    });
  };
}

const wholeSeconds = (s: number) => Math.max(1, Math.ceil(s));
