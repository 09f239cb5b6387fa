// Settings from the environment, with embedded defaults: SQLite and media on local disk under
// ./data, HTTP on port 8080, WebRTC on loopback (set VCOURT_RTC_LISTEN_IP/ANNOUNCED_ADDRESS to
// serve other machines).
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import type { types } from 'mediasoup';
import type { MediaConfig } from '../media/MediaConfig.js';
import { DEFAULT_CAMERA_NETWORKS, parseCidr } from '../ingest/CameraNetworks.js';
import { DEFAULT_LIMITS, mergeLimits, type LimitOverrides, type LimitsConfig } from './limits.js';
import { loadTurnConfig, type TurnConfig } from './turn/TurnConfig.js';
import { loadNotifierConfig, type NotifierConfig } from './notify/NotifierConfig.js';
import { loadClusterConfig, type ClusterConfig } from './cluster/ClusterConfig.js';

export interface Config {
  host: string;
  port: number;
  publicUrl: string;
  dataDir: string;
  databaseFile: string;
  /**
   * VCOURT_DATABASE_URL=postgres://…: a PostgreSQL database shared by several nodes, instead of
   * the SQLite file (server/store/openStores.ts).
   */
  databaseUrl?: string;
  clientDir: string;
  courtName: string;
  /**
   * VCOURT_ENV=production (or NODE_ENV=production): a court's server, not a try-out. The start
   * prints no secret (a generated admin password goes to a 0600 file under data/secrets) and the
   * demo is off unless VCOURT_DEMO=1.
   */
  production: boolean;
  /** Create (or reuse) a demo hearing at start and print its join links. */
  demo: boolean;
  /**
   * VCOURT_BENCH_SECOND_FACTOR=required|optional: whether the presiding judge's sign-in must give an
   * authenticator code before the bench opens. Required in production unless set otherwise.
   */
  benchSecondFactor: boolean;
  adminPassword?: string;
  jwtSecret?: string;
  tls?: { certFile: string; keyFile: string };
  /** Networks (CIDRs) IP cameras may be pulled from: VCOURT_CAMERA_NETWORKS (ingest/CameraNetworks.ts). */
  cameraNetworks: string[];
  media: MediaConfig;
  storage: StorageConfig;
  /** Rate limits (server/limits.ts): the defaults, then VCOURT_LIMITS (JSON, partial), then overrides. */
  limits: LimitsConfig;
  /** TURN for sites behind strict firewalls (server/turn/TurnConfig.ts): VCOURT_TURN=off|embedded|external. */
  turn: TurnConfig;
  /** How invitations are sent (server/notify/NotifierConfig.ts): VCOURT_NOTIFIER=file|smtp|webhook. */
  notifier: NotifierConfig;
  /** Several nodes sharing one Redis (server/cluster/ClusterConfig.ts): VCOURT_REDIS_URL; undefined: one machine. */
  cluster: ClusterConfig | undefined;
}

/** Free space where recordings and the database live (server/DiskWatch.ts). */
export interface StorageConfig {
  /** Warn the bench when less than this many minutes of recording are left at the current rate. */
  warnMinutes: number;
  /** Kept free for the database, the audit log and the judge's commands: media stops above it. */
  reserveBytes: number;
  pollMs: number;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new Error(`${name} must be an integer, got "${raw}"`);
  return n;
}

function choice<T extends string>(env: NodeJS.ProcessEnv, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) throw new Error(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}

/** VCOURT_CAMERA_NETWORKS: CIDRs separated by commas or spaces; each one checked here, at start. */
function cidrs(env: NodeJS.ProcessEnv, name: string, fallback: readonly string[]): string[] {
  const raw = env[name]?.trim();
  if (!raw) return [...fallback];
  const list = raw.split(/[\s,]+/).filter(Boolean);
  for (const text of list) {
    try {
      parseCidr(text);
    } catch (e) {
      throw new Error(`${name}: ${(e as Error).message}`, { cause: e });
    }
  }
  return list;
}

/** VCOURT_DATABASE_URL: a postgres:// (or postgresql://) URL, checked at start; unset means SQLite. */
function databaseUrl(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.VCOURT_DATABASE_URL?.trim();
  if (!raw) return undefined;
  if (!/^postgres(ql)?:\/\/./.test(raw)) throw new Error('VCOURT_DATABASE_URL must be a postgres:// URL');
  return raw;
}

export type ConfigOverrides = Partial<Omit<Config, 'media' | 'storage' | 'limits'>> & {
  media?: Partial<MediaConfig>;
  storage?: Partial<StorageConfig>;
  limits?: LimitOverrides;
};

function jsonObject(env: NodeJS.ProcessEnv, name: string): LimitOverrides | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error(`${name} must be a JSON object, got "${raw}"`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${name} must be a JSON object`);
  return parsed as LimitOverrides;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigOverrides = {}): Config {
  const host = env.VCOURT_HOST || '0.0.0.0';
  const port = int(env, 'VCOURT_PORT', 8080);
  const tls = env.VCOURT_TLS_CERT && env.VCOURT_TLS_KEY ? { certFile: env.VCOURT_TLS_CERT, keyFile: env.VCOURT_TLS_KEY } : undefined;
  const dataDir = resolve(env.VCOURT_DATA_DIR || 'data');
  const production = (env.VCOURT_ENV || env.NODE_ENV) === 'production';
  const config: Config = {
    host,
    port,
    publicUrl: (env.VCOURT_PUBLIC_URL || `${tls ? 'https' : 'http'}://localhost:${port}`).replace(/\/$/, ''),
    dataDir,
    databaseFile: env.VCOURT_DATABASE || resolve(dataDir, 'vcourt.sqlite'),
    databaseUrl: databaseUrl(env),
    clientDir: resolve(env.VCOURT_CLIENT_DIR || 'client/dist'),
    courtName: env.VCOURT_COURT_NAME || 'Tòa án nhân dân (demo)',
    production,
    demo: (env.VCOURT_DEMO || (production ? '0' : '1')) !== '0',
    benchSecondFactor:
      choice(env, 'VCOURT_BENCH_SECOND_FACTOR', ['required', 'optional'], production ? 'required' : 'optional') === 'required',
    adminPassword: env.VCOURT_ADMIN_PASSWORD || undefined,
    jwtSecret: env.VCOURT_JWT_SECRET || undefined,
    tls,
    cameraNetworks: cidrs(env, 'VCOURT_CAMERA_NETWORKS', DEFAULT_CAMERA_NETWORKS),
    media: {
      workers: int(env, 'VCOURT_WORKERS', cpus().length),
      listenIp: env.VCOURT_RTC_LISTEN_IP || '127.0.0.1',
      announcedAddress: env.VCOURT_RTC_ANNOUNCED_ADDRESS || undefined,
      minPort: int(env, 'VCOURT_RTC_MIN_PORT', 40000),
      maxPort: int(env, 'VCOURT_RTC_MAX_PORT', 49999),
      logLevel: (env.VCOURT_MEDIASOUP_LOG_LEVEL as types.WorkerLogLevel) || 'warn',
      initialAvailableOutgoingBitrate: 1_000_000,
      lastN: int(env, 'VCOURT_LAST_N', 0),
      thumbnails: int(env, 'VCOURT_THUMBNAILS', 6),
      edgeAfter: int(env, 'VCOURT_EDGE_AFTER', 50),
      ...(env.VCOURT_MAX_EDGES ? { maxEdges: int(env, 'VCOURT_MAX_EDGES', 0) } : {}),
    },
    storage: {
      warnMinutes: int(env, 'VCOURT_DISK_WARN_MINUTES', 30),
      reserveBytes: int(env, 'VCOURT_DISK_RESERVE_MB', 256) * 1024 * 1024,
      pollMs: int(env, 'VCOURT_DISK_POLL_MS', 2000),
    },
    limits: mergeLimits(DEFAULT_LIMITS, jsonObject(env, 'VCOURT_LIMITS')),
    turn: loadTurnConfig(env, {
      listenIp: env.VCOURT_RTC_LISTEN_IP || '127.0.0.1',
      announcedAddress: env.VCOURT_RTC_ANNOUNCED_ADDRESS || undefined,
    }),
    notifier: loadNotifierConfig(env),
    cluster: loadClusterConfig(env, port),
  };
  const merged: Config = {
    ...config,
    ...overrides,
    media: { ...config.media, ...overrides.media },
    storage: { ...config.storage, ...overrides.storage },
    limits: mergeLimits(config.limits, overrides.limits),
  };
  // The default public URL follows the port (and TLS) actually configured, overrides included.
  if (!env.VCOURT_PUBLIC_URL && overrides.publicUrl === undefined) {
    merged.publicUrl = `${merged.tls ? 'https' : 'http'}://localhost:${merged.port}`;
  }
  return merged;
}
