// Several vcourt nodes sharing one Redis (VCOURT_REDIS_URL). Absent: one machine, nothing shared,
// everything in process memory as before. Checked at start, so a typo fails loudly.
import { hostname } from 'node:os';
import { clusterOrigins } from './Placement.js';

export interface ClusterConfig {
  /** redis://[user:password@]host:port[/db] or rediss:// (TLS). */
  redisUrl: string;
  /** This node's name in leases and presence: VCOURT_NODE_ID, else host name and port. */
  nodeId: string;
  /** How long a hearing's ownership lasts without renewal (renewed every third of it). */
  leaseMs: number;
  /** How long a node stays listed without refreshing its presence (refreshed every third of it). */
  presenceTtlMs: number;
  /** How long the start waits for Redis before it fails. */
  connectTimeoutMs: number;
  /** Page origins allowed to open sockets besides the nodes' own (VCOURT_CLUSTER_ORIGINS: the balancer's names). */
  origins?: string[];
}

function ms(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer of at least ${min} (ms), got "${raw}"`);
  return n;
}

/** undefined without VCOURT_REDIS_URL: the one-machine mode. */
export function loadClusterConfig(env: NodeJS.ProcessEnv, port: number): ClusterConfig | undefined {
  const redisUrl = env.VCOURT_REDIS_URL?.trim();
  if (!redisUrl) return undefined;
  if (!/^rediss?:\/\//.test(redisUrl)) throw new Error(`VCOURT_REDIS_URL must start with redis:// or rediss://, got "${redisUrl}"`);
  const nodeId = env.VCOURT_NODE_ID?.trim() || `${hostname()}:${port}`;
  if (!/^[\w.:@-]{1,100}$/.test(nodeId)) throw new Error(`VCOURT_NODE_ID may hold letters, digits and . : @ _ - only, got "${nodeId}"`);
  return {
    redisUrl,
    nodeId,
    leaseMs: ms(env, 'VCOURT_LEASE_MS', 10_000, 300),
    presenceTtlMs: ms(env, 'VCOURT_PRESENCE_TTL_MS', 15_000, 300),
    connectTimeoutMs: ms(env, 'VCOURT_REDIS_CONNECT_TIMEOUT_MS', 10_000, 100),
    origins: clusterOrigins(env),
  };
}
