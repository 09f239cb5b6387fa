// Settings from the environment, with embedded defaults: SQLite and media on local disk under
// ./data, HTTP on port 8080, WebRTC on loopback (set VCOURT_RTC_LISTEN_IP/ANNOUNCED_ADDRESS to
// serve other machines).
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import type { types } from 'mediasoup';
import type { MediaConfig } from '../media/MediaConfig.js';

export interface Config {
  host: string;
  port: number;
  publicUrl: string;
  dataDir: string;
  databaseFile: string;
  clientDir: string;
  courtName: string;
  /** Create (or reuse) a demo hearing at start and print its join links. */
  demo: boolean;
  adminPassword?: string;
  jwtSecret?: string;
  tls?: { certFile: string; keyFile: string };
  media: MediaConfig;
  storage: StorageConfig;
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

export type ConfigOverrides = Partial<Omit<Config, 'media' | 'storage'>> & {
  media?: Partial<MediaConfig>;
  storage?: Partial<StorageConfig>;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigOverrides = {}): Config {
  const host = env.VCOURT_HOST || '0.0.0.0';
  const port = int(env, 'VCOURT_PORT', 8080);
  const tls = env.VCOURT_TLS_CERT && env.VCOURT_TLS_KEY ? { certFile: env.VCOURT_TLS_CERT, keyFile: env.VCOURT_TLS_KEY } : undefined;
  const dataDir = resolve(env.VCOURT_DATA_DIR || 'data');
  const config: Config = {
    host,
    port,
    publicUrl: (env.VCOURT_PUBLIC_URL || `${tls ? 'https' : 'http'}://localhost:${port}`).replace(/\/$/, ''),
    dataDir,
    databaseFile: env.VCOURT_DATABASE || resolve(dataDir, 'vcourt.sqlite'),
    clientDir: resolve(env.VCOURT_CLIENT_DIR || 'client/dist'),
    courtName: env.VCOURT_COURT_NAME || 'Tòa án nhân dân (demo)',
    demo: (env.VCOURT_DEMO ?? '1') !== '0',
    adminPassword: env.VCOURT_ADMIN_PASSWORD || undefined,
    jwtSecret: env.VCOURT_JWT_SECRET || undefined,
    tls,
    media: {
      workers: int(env, 'VCOURT_WORKERS', cpus().length),
      listenIp: env.VCOURT_RTC_LISTEN_IP || '127.0.0.1',
      announcedAddress: env.VCOURT_RTC_ANNOUNCED_ADDRESS || undefined,
      minPort: int(env, 'VCOURT_RTC_MIN_PORT', 40000),
      maxPort: int(env, 'VCOURT_RTC_MAX_PORT', 49999),
      logLevel: (env.VCOURT_MEDIASOUP_LOG_LEVEL as types.WorkerLogLevel) || 'warn',
      initialAvailableOutgoingBitrate: 1_000_000,
    },
    storage: {
      warnMinutes: int(env, 'VCOURT_DISK_WARN_MINUTES', 30),
      reserveBytes: int(env, 'VCOURT_DISK_RESERVE_MB', 256) * 1024 * 1024,
      pollMs: int(env, 'VCOURT_DISK_POLL_MS', 2000),
    },
  };
  const merged: Config = {
    ...config,
    ...overrides,
    media: { ...config.media, ...overrides.media },
    storage: { ...config.storage, ...overrides.storage },
  };
  // The default public URL follows the port (and TLS) actually configured, overrides included.
  if (!env.VCOURT_PUBLIC_URL && overrides.publicUrl === undefined) {
    merged.publicUrl = `${merged.tls ? 'https' : 'http'}://localhost:${merged.port}`;
  }
  return merged;
}
