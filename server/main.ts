// The composition root: the only place that constructs adapters and wires them into the domain.
// `npm start` runs this file; tests and benchmarks call startVcourt() with their own config.
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';
import { version as mediasoupVersion, workerBin } from 'mediasoup';
import { MediaRooms } from '../media/MediaRooms.js';
import { WorkerPool } from '../media/WorkerPool.js';
import { Access } from './auth/Access.js';
import { TokenService } from './auth/tokens.js';
import { loadConfig, type Config } from './config.js';
import { prepareDemo, type DemoLink } from './demo.js';
import { CaseFile } from './hearing/CaseFile.js';
import { HearingService } from './hearing/HearingService.js';
import type { Clock } from './hearing/ports.js';
import { createApp, type AppDeps } from './http/app.js';
import { loadOrCreateSecret } from './secrets.js';
import { SignalingServer } from './signaling/SignalingServer.js';
import { SqliteStore } from './store/SqliteStore.js';

export interface RunningVcourt {
  config: Config;
  url: string;
  port: number;
  store: SqliteStore;
  access: Access;
  caseFile: CaseFile;
  service: HearingService;
  pool: WorkerPool;
  media: MediaRooms;
  demoLinks: DemoLink[];
  /** Set when this start created the first admin account with a generated password. */
  generatedAdminPassword?: string;
  close(): Promise<void>;
}

const systemClock: Clock = { now: () => new Date() };

export async function startVcourt(config: Config = loadConfig()): Promise<RunningVcourt> {
  const store = new SqliteStore(config.databaseFile);
  const tokens = new TokenService(config.jwtSecret ?? loadOrCreateSecret(config.dataDir, 'jwt.key'));
  const access = new Access(store, tokens);
  const pool = await WorkerPool.create(config.media);
  const media = new MediaRooms(pool, config.media);
  const service = new HearingService(store, media, systemClock);
  const caseFile = new CaseFile(store, systemClock, config.courtName, (id) => service.isConnected(id));

  let generatedAdminPassword: string | undefined;
  if (store.accounts.count() === 0) {
    const password = config.adminPassword ?? (generatedAdminPassword = randomBytes(12).toString('base64url'));
    await access.createAccount({ username: 'admin', displayName: 'Quản trị viên', role: 'admin', password });
  }

  const appDeps: AppDeps = {
    access,
    caseFile,
    publicUrl: config.publicUrl, // with port 0, corrected below once the real port is known
    clientDir: config.clientDir,
    health: () => ({ workers: pool.workers.length, mediasoup: mediasoupVersion }),
  };
  const app = createApp(appDeps);
  const httpServer: Server = config.tls
    ? createHttpsServer({ cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) }, app)
    : createHttpServer(app);
  const signaling = new SignalingServer(httpServer, access, service, media, store);

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const publicUrl = config.port === 0 ? config.publicUrl.replace(/:0$/, `:${port}`) : config.publicUrl;
  appDeps.publicUrl = publicUrl; // invitation links must name the port actually listened on
  const running = { ...config, publicUrl };
  const demoLinks = config.demo ? prepareDemo(store, caseFile, access, publicUrl) : [];

  let closing: Promise<void> | undefined;
  return {
    config: running,
    url: publicUrl,
    port,
    store,
    access,
    caseFile,
    service,
    pool,
    media,
    demoLinks,
    generatedAdminPassword,
    close: () =>
      (closing ??= (async () => {
        media.close();
        await signaling.close(); // also closes the HTTP server
        pool.close();
        store.close();
      })()),
  };
}

async function main(): Promise<void> {
  const vcourt = await startVcourt();
  const lines = [
    '',
    `vcourt is running: ${vcourt.url}`,
    `  mediasoup ${mediasoupVersion}, ${vcourt.pool.workers.length} worker(s): ${workerBin}`,
    `  database: ${vcourt.config.databaseFile}`,
  ];
  if (vcourt.generatedAdminPassword) {
    lines.push(`  clerk/admin API account created: admin / ${vcourt.generatedAdminPassword}  (shown once)`);
  }
  if (vcourt.demoLinks.length > 0) {
    lines.push('', 'Demo hearing, one link per participant (a new start issues new links):');
    for (const link of vcourt.demoLinks) lines.push(`  ${link.role.padEnd(10)} ${link.displayName}`, `             ${link.url}`);
  }
  console.log(lines.join('\n') + '\n');
  const stop = (signal: string) => {
    console.log(`\n${signal}: shutting down`);
    vcourt.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error('vcourt failed to start:', error);
    process.exit(1);
  });
}
