import { describe, expect, it } from 'vitest';
import { loadClusterConfig } from '../../../server/cluster/ClusterConfig.js';
import { redactUrl } from '../../../server/cluster/RedisConnection.js';
import { loadConfig } from '../../../server/config.js';

describe('cluster configuration', () => {
  it('is absent without VCOURT_REDIS_URL: one machine, as before', () => {
    expect(loadClusterConfig({}, 8080)).toBeUndefined();
    expect(loadConfig({ VCOURT_DEMO: '0' }).cluster).toBeUndefined();
  });

  it('names the node after the host and port unless VCOURT_NODE_ID is set, with the default lease', () => {
    const config = loadConfig({ VCOURT_REDIS_URL: 'redis://redis.court.local:6379', VCOURT_PORT: '8443' }).cluster;
    expect(config).toMatchObject({ redisUrl: 'redis://redis.court.local:6379', leaseMs: 10_000, presenceTtlMs: 15_000 });
    expect(config?.nodeId).toMatch(/:8443$/);
    const named = loadClusterConfig({ VCOURT_REDIS_URL: 'rediss://r:6380', VCOURT_NODE_ID: 'hanoi-1', VCOURT_LEASE_MS: '3000' }, 1);
    expect(named).toMatchObject({ nodeId: 'hanoi-1', leaseMs: 3000 });
  });

  it('refuses what would fail later: another scheme, a lease too short to renew, an odd node name', () => {
    expect(() => loadClusterConfig({ VCOURT_REDIS_URL: 'http://redis:6379' }, 1)).toThrow(/VCOURT_REDIS_URL/);
    expect(() => loadClusterConfig({ VCOURT_REDIS_URL: 'redis://r', VCOURT_LEASE_MS: '50' }, 1)).toThrow(/VCOURT_LEASE_MS/);
    expect(() => loadClusterConfig({ VCOURT_REDIS_URL: 'redis://r', VCOURT_NODE_ID: 'a b' }, 1)).toThrow(/VCOURT_NODE_ID/);
  });

  it('reads the balancer’s origins (VCOURT_CLUSTER_ORIGINS) as origins, and refuses anything else', () => {
    const env = { VCOURT_REDIS_URL: 'redis://r', VCOURT_CLUSTER_ORIGINS: 'https://Court.example/, https://toa.example:8443' };
    expect(loadClusterConfig(env, 1)?.origins).toEqual(['https://court.example', 'https://toa.example:8443']);
    expect(loadClusterConfig({ VCOURT_REDIS_URL: 'redis://r' }, 1)?.origins).toEqual([]);
    expect(() => loadClusterConfig({ ...env, VCOURT_CLUSTER_ORIGINS: 'court.example' }, 1)).toThrow(/VCOURT_CLUSTER_ORIGINS/);
  });

  it('keeps the password out of logs', () => {
    expect(redactUrl('redis://vcourt:s3cret@redis:6379/2')).toBe('redis://vcourt:***@redis:6379/2');
  });
});
