// The composition root: the only place that constructs adapters and wires them into the domain.
// `npm start` runs this file; tests and benchmarks call startVcourt() with their own config.
// Longer stretches of the wiring live beside it in server/startup/ (the records, the recovery after
// an outage, the first admin, TURN, the HTTP server, the shutdown order, the banner): each is
// called from here only, in the order below, which matters (the comments say why).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { version as mediasoupVersion } from 'mediasoup';
import { CameraIngests } from '../ingest/CameraIngests.js';
import { CameraNetworks } from '../ingest/CameraNetworks.js';
import { background } from '../core/lib/background.js';
import { privateUmask, securePaths, tightenTree } from './privateFiles.js';
import { MediaRooms } from '../media/MediaRooms.js';
import { WorkerPool } from '../media/WorkerPool.js';
import { receivesOnly } from '../media/placement.js';
import { WhipSessions } from '../ingest/whip/WhipSessions.js';
import { Access } from './auth/Access.js';
import { TokenService } from './auth/tokens.js';
import { openStores } from './store/openStores.js';
import { loadConfig, type Config } from './config.js';
import { prepareDemo } from './demo.js';
import { CaseFile } from '../core/hearing/CaseFile.js';
import { CaseFileEdits } from '../core/hearing/CaseFileEdits.js';
import { Calendar } from '../core/hearing/Calendar.js';
import { Invitations } from '../core/hearing/Invitations.js';
import { createNotifier } from './notify/notifiers.js';
import { DeviceRegistry } from '../core/hearing/DeviceRegistry.js';
import { HearingService } from '../core/hearing/HearingService.js';
import { NO_IDENTITY_PROVIDER, type Clock } from '../core/hearing/ports.js';
import { createApp, type AppDeps } from './http/app.js';
import { whipRoutes } from './http/whip.js';
import { loadOrCreateSecret, SecretBox } from './secrets.js';
import { SignalingServer } from './signaling/SignalingServer.js';
import { SignalingGate } from './signaling/SignalingGate.js';
import { LoginThrottle } from './http/LoginThrottle.js';
import { createLimits } from './limits.js';
import { ClusterNode } from './cluster/ClusterNode.js';
import { DiskWatch } from './DiskWatch.js';
import { banner } from './startup/banner.js';
import { ensureFirstAdmin } from './startup/firstAdmin.js';
import { createServer, listen } from './startup/httpServer.js';
import { openRecords } from './startup/records.js';
import { recoverOutage } from './startup/recovery.js';
import type { RunningVcourt } from './startup/RunningVcourt.js';
import { shutdown } from './startup/shutdown.js';
import { startTurn } from './startup/turn.js';

export type { RunningVcourt } from './startup/RunningVcourt.js';

const systemClock: Clock = { now: () => new Date() };

export async function startVcourt(config: Config = loadConfig()): Promise<RunningVcourt> {
  // Owner-only from here on (the database, the secrets, ffmpeg's recordings); an older data folder
  // is brought to the same modes: its top and the database now, the rest in the background.
  privateUmask();
  securePaths(config.dataDir, [config.databaseFile]);
  background(
    tightenTree(config.dataDir).then((n) => {
      if (n > 0) console.warn(`[vcourt] ${n} path(s) under ${config.dataDir} made readable by this user only`);
    }),
    'data folder modes',
  );
  // Several nodes (VCOURT_REDIS_URL): socket.io rooms, rate limits, hearing ownership and presence
  // go through Redis. First, so an unreachable Redis stops the start before anything is opened.
  const cluster = config.cluster ? await ClusterNode.connect({ config: config.cluster }) : undefined;
  // Camera URLs (their passwords) are sealed in the database with a key kept under data/secrets.
  const secretBox = SecretBox.forDataDir(config.dataDir);
  // SQLite under the data folder, or PostgreSQL shared by several nodes (VCOURT_DATABASE_URL).
  const stores = await openStores(config, { sealer: secretBox });
  const { store } = stores;
  const tokens = new TokenService(config.jwtSecret ?? loadOrCreateSecret(config.dataDir, 'jwt.key'));
  const access = new Access(store, tokens, stores.staffSessions, console, { benchSecondFactor: config.benchSecondFactor });
  const pool = await WorkerPool.create(config.media);
  const media = new MediaRooms(pool, config.media);
  // Who never sends (the public, courtroom displays) may receive from a large hearing's edge routers.
  media.setReceiveOnly(async (hearingId, participantId) => {
    const p = await store.participants.get(participantId);
    const device = p?.deviceId ? await store.devices.get(p.deviceId) : undefined;
    return p?.hearingId === hearingId && receivesOnly(p.role, device?.kind);
  });
  // Every rate limit, in one place: process memory, or with several nodes Redis (one budget across them).
  const limits = createLimits(config.limits, cluster?.limiterStore);
  // Identity documents at attendance: NO_IDENTITY_PROVIDER checks nothing; a national eID / OpenID
  // Connect adapter (core/hearing/ports.ts IdentityProvider) goes here when the court has one.
  const service = new HearingService(store, media, systemClock, {
    lobbyGraceMs: config.limits.lobbyGraceMs,
    identity: NO_IDENTITY_PROVIDER,
  });
  // The token service signs invitations; the case file alone decides who gets one, and audits it.
  const caseFile = new CaseFile(store, systemClock, config.courtName, (id) => service.isConnected(id), tokens);
  const devices = new DeviceRegistry(store, systemClock, secretBox);
  // A revoked device leaves every hearing it is in, at once.
  devices.on('revoked', (device, participants) => {
    for (const p of participants) {
      service.expel(p.hearingId, p.id, 'device revoked').catch((e) => console.error(`[devices] ${device.id}:`, e));
    }
  });
  // The record: signing key, archive (started), live capture (startup/records.ts).
  const { courtKey, archive, recorder, recordingsDir } = await openRecords({ config, stores, media, clock: systemClock, cluster });
  service.attachRecorder(recorder);
  // Every outage is in the record, recovered now that the recorder exists and before anything new
  // is captured; the heartbeat starts (startup/recovery.ts). With several nodes, Takeover does it.
  const { heartbeat, outages, takeover } = await recoverOutage({ store, recorder, cluster, clock: systemClock });
  // Free space where the record and the database live: the bench is warned before it runs out,
  // and media writing stops at the reserve so the database and the judge's commands keep working.
  mkdirSync(recordingsDir, { recursive: true });
  const disk = new DiskWatch([recordingsDir, dirname(config.databaseFile)], config.storage);
  disk.on('status', (status) => {
    background(service.storageStatus(status), 'storage status');
    if (status.level === 'full') recorder.suspend();
    else recorder.resume();
  });
  disk.start();
  // Each adjourned hearing's record is queued, built one at a time and retried (or noted as none,
  // without time in session); then what the previous run left missing, interrupted or failed is
  // rebuilt from the stored timeline, now that the recorder has recovered what it left open.
  recorder.on('captured', (hearingId, timeline) => background(archive.captured(hearingId, timeline), 'record capture'));
  await archive.recoverBuilds((hearingId) => recorder.timeline(hearingId));

  // IP cameras: pulled while their hearing runs; their link is the device participant's presence.
  // Only to allowed networks (VCOURT_CAMERA_NETWORKS), never to the server's own port.
  const cameraNetworks = new CameraNetworks({ allow: config.cameraNetworks, ownPorts: [config.port] });
  const cameras = new CameraIngests({
    devices,
    service,
    media,
    store,
    networks: cameraNetworks,
    openUrl: (device) => {
      if (!device.rtspSealed) throw new Error(`device ${device.id} has no camera URL`);
      return secretBox.open(device.rtspSealed, device.id);
    },
    log: (line) => console.warn(line),
    // Several nodes: a hearing's cameras are pulled by the node that holds its lease, while it does.
    holds: cluster ? (hearingId) => cluster.leases.owned().has(hearingId) : undefined,
  });
  cluster?.followCameras(cameras);
  await cameras.start();

  // Hardware encoders push WebRTC over WHIP into the hearing their device is attached to.
  const whip = new WhipSessions({ service, media, log: (line) => console.warn(line) });

  const firstAdmin = await ensureFirstAdmin(config, store, access);
  // TURN credentials per participant, relay-only sites, the embedded coturn (startup/turn.ts).
  const { coturn, iceServers } = await startTurn(config, store);

  const logins = new LoginThrottle(limits);
  // The clerk's workspace: corrections, the calendar, and links sent through the configured
  // notifier (VCOURT_NOTIFIER: the outbox file by default, SMTP, an SMS gateway's webhook).
  const notifier = createNotifier(config.notifier, config.dataDir);
  const isConnected = (id: string) => service.isConnected(id);
  const workspace = {
    edits: new CaseFileEdits(store, systemClock, caseFile, isConnected),
    calendar: new Calendar(store, systemClock, caseFile, isConnected),
    invitations: new Invitations({
      store,
      clock: systemClock,
      caseFile,
      issuer: tokens,
      notifier,
      linkOf: (token) => `${appDeps.publicUrl}/join#${token}`, // read when sending: the port is known by then
    }),
  };
  const appDeps: AppDeps = {
    access,
    caseFile,
    publicUrl: config.publicUrl, // with port 0, corrected below once the real port is known
    clientDir: config.clientDir,
    health: () => ({ workers: pool.workers.length, mediasoup: mediasoupVersion }),
    archive: { archive, key: courtKey },
    devices,
    cameraNetworks,
    hsts: config.tls !== undefined || config.publicUrl.startsWith('https:'),
    extraApi: [whipRoutes({ access, devices, whip })],
    limits: { limits, logins },
    workspace,
    hearings: service,
  };
  const httpServer = createServer(config, createApp(appDeps));
  const gate = new SignalingGate(limits);
  // Several nodes: a participant who reaches this node for a hearing another node serves is sent
  // there (`moved`); one nobody serves, while it runs, is served here (server/cluster/Placement.ts).
  const placement = cluster && takeover ? cluster.placement({ takeover, store, selfUrl: () => appDeps.publicUrl }) : undefined;
  const signaling = new SignalingServer(httpServer, access, service, media, store, gate, iceServers, placement);
  // Sockets shared across the nodes; each hearing that runs here leased to this node (ClusterNode.serve).
  cluster?.serve(signaling.io, service, media);

  const port = await listen(httpServer, config);
  cameraNetworks.addOwnPort(port);
  const publicUrl = config.port === 0 ? config.publicUrl.replace(/:0$/, `:${port}`) : config.publicUrl;
  appDeps.publicUrl = publicUrl; // invitation links must name the port actually listened on
  await cluster?.announce(publicUrl);
  takeover?.start(); // hearings whose node stopped: this node's after a restart, a dead node's
  const running = { ...config, publicUrl };
  const demoLinks = config.demo ? await prepareDemo({ store, caseFile, access, dataDir: config.dataDir, publicUrl }) : [];

  return {
    config: running,
    url: publicUrl,
    port,
    store,
    access,
    caseFile,
    service,
    devices,
    cameras,
    archive,
    courtKey,
    recorder,
    pool,
    media,
    whip,
    demoLinks,
    ...firstAdmin,
    rateLimits: { signaling: gate.stats, logins: logins.stats },
    coturn,
    cluster,
    // The order of the shutdown and the reason for each step: startup/shutdown.ts.
    close: shutdown({
      disk,
      service,
      takeover,
      outages,
      cluster,
      recorder,
      archive,
      cameras,
      whip,
      media,
      signaling,
      heartbeat,
      pool,
      coturn,
      notifier,
      stores,
    }),
  };
}

async function main(): Promise<void> {
  const vcourt = await startVcourt();
  console.log(banner(vcourt));
  const stop = (signal: string) => {
    console.log(`\n${signal}: shutting down`);
    vcourt.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('vcourt: shutdown failed:', error);
        process.exit(1);
      },
    );
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
