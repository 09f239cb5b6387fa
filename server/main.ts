// The composition root: the only place that constructs adapters and wires them into the domain.
// `npm start` runs this file; tests and benchmarks call startVcourt() with their own config.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { isIP, type AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';
import { version as mediasoupVersion, workerBin } from 'mediasoup';
import { CameraIngests } from '../ingest/CameraIngests.js';
import { CameraNetworks } from '../ingest/CameraNetworks.js';
import { background } from '../core/lib/background.js';
import { maskUrl } from '../core/lib/redact.js';
import { privateUmask, securePaths, tightenTree } from './privateFiles.js';
import { MediaRooms } from '../media/MediaRooms.js';
import { WorkerPool } from '../media/WorkerPool.js';
import { receivesOnly } from '../media/placement.js';
import { WhipSessions } from '../ingest/whip/WhipSessions.js';
import { Access } from './auth/Access.js';
import { TokenService } from './auth/tokens.js';
import { openStores } from './store/openStores.js';
import { loadConfig, type Config } from './config.js';
import { prepareDemo, type DemoLink } from './demo.js';
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
import { loadOrCreateSecret, SecretBox, writeSecretFile } from './secrets.js';
import { SignalingServer } from './signaling/SignalingServer.js';
import { SignalingGate, type GateStats } from './signaling/SignalingGate.js';
import { LoginThrottle, type LoginStats } from './http/LoginThrottle.js';
import { createLimits } from './limits.js';
import { ClusterNode } from './cluster/ClusterNode.js';
import { Placement } from './cluster/Placement.js';
import { DiskWatch } from './DiskWatch.js';
import { Heartbeat, heartbeatKey } from './Heartbeat.js';
import { Takeover } from './cluster/Takeover.js';
import { ServerOutages } from '../core/hearing/ServerOutages.js';
import type { SqlStore } from './store/SqlStore.js';
import { CourtKey } from '../recordings/CourtKey.js';
import { archiveSettings, RecordArchive } from '../recordings/archive/RecordArchive.js';
import { Compositor } from '../recordings/Compositor.js';
import { RecordBundle } from '../recordings/RecordBundle.js';
import { Recorder } from '../recordings/Recorder.js';
import { recorderLimits } from '../recordings/RecorderSlots.js';
import { CoturnProcess } from './turn/CoturnProcess.js';
import { coturnSettings } from './turn/coturnConfig.js';
import { IceServers } from './turn/IceServers.js';
import { turnUrls } from './turn/turnCredentials.js';

export interface RunningVcourt {
  config: Config;
  url: string;
  port: number;
  /** The SQL store over SQLite (default) or PostgreSQL (VCOURT_DATABASE_URL); `store.db` is the database. */
  store: SqlStore;
  access: Access;
  caseFile: CaseFile;
  service: HearingService;
  /** Courtroom hardware registered at sites, and their attachments to hearings. */
  devices: DeviceRegistry;
  /** Courtroom IP cameras pulled over RTSP into their hearings. */
  cameras: CameraIngests;
  /** Hearing records: build after adjournment, clerk archive, verification, retention. */
  archive: RecordArchive;
  courtKey: CourtKey;
  /** Live capture of every hearing in session (segments, gaps, timeline). */
  recorder: Recorder;
  pool: WorkerPool;
  media: MediaRooms;
  /** WHIP ingest sessions of hardware encoders (POST /api/whip). */
  whip: WhipSessions;
  demoLinks: DemoLink[];
  /** Set when this start created the first admin account with a generated password (not in production). */
  generatedAdminPassword?: string;
  /** Production: where this start wrote the first admin account's generated password (0600). */
  adminPasswordFile?: string;
  /** What the rate limits (server/limits.ts) refused so far: socket requests and connections, sign-ins. */
  rateLimits: { signaling: GateStats; logins: LoginStats };
  /** The embedded coturn (VCOURT_TURN=embedded); undefined otherwise. */
  coturn: CoturnProcess | undefined;
  /** This node among several sharing Redis (VCOURT_REDIS_URL); undefined on one machine. */
  cluster: ClusterNode | undefined;
  close(): Promise<void>;
}

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
  const recordEnv = archiveSettings(process.env);
  const courtKey = CourtKey.loadOrCreate(config.dataDir, recordEnv.signingKeyFile);
  const records = stores.records;
  const recordingsDir = join(config.dataDir, 'recordings');
  const bundle = new RecordBundle({
    store,
    records,
    key: courtKey,
    clock: systemClock,
    recordingsDir,
    // composite/ is where the Compositor keeps the chunks it makes while the hearing runs.
    compositorFor: (hearingId) => new Compositor({ workDir: join(recordingsDir, hearingId, 'composite') }),
  });
  const archive = new RecordArchive({
    store,
    records,
    bundle,
    key: courtKey,
    clock: systemClock,
    retentionDays: recordEnv.retentionDays,
    retentionMinDays: recordEnv.retentionMinDays,
  });
  await archive.start();
  // Live capture follows each hearing's state and media, reports status and gaps to the domain
  // (audit, bench alerts), composes while in session, and hands each adjourned hearing over.
  const recorder = new Recorder({
    rootDir: recordingsDir,
    index: stores.index,
    store,
    media,
    compositorFor: (hearingId) => new Compositor({ workDir: join(recordingsDir, hearingId, 'composite') }),
    // Bounds on tracks recorded at once (VCOURT_RECORDER_TRACKS_PER_HEARING, VCOURT_RECORDER_TRACKS).
    limits: recorderLimits(process.env),
  });
  service.attachRecorder(recorder);
  // Every outage is in the record: the previous run's last heartbeat tells when it stopped and
  // whether it crashed; what it left open is indexed and ended, and the gaps run until media is back.
  // With several nodes each beats under its own key, and recovers only the hearings whose lease it
  // takes (its own after a restart, a dead node's): the others are served by live nodes.
  const heartbeat = new Heartbeat(store.settings, 1000, heartbeatKey(cluster?.config.nodeId));
  const outages = new ServerOutages(store, systemClock);
  const previous = await heartbeat.previous();
  const takeover = cluster
    ? new Takeover({ nodeId: cluster.config.nodeId, leases: cluster.leases, store, outages, recorder, previous })
    : undefined;
  if (!cluster) {
    const outage = previous ?? { stoppedAtMs: Date.now(), cause: 'server_crashed' as const };
    const recovered = await recorder.recover(outage);
    if (recovered.tracks > 0) {
      console.warn(
        `[record] after the ${outage.cause === 'server_crashed' ? 'crash' : 'stop'}: ${recovered.tracks} track(s) ended, ${recovered.orphans} segment(s) indexed`,
      );
    }
    await outages.started(previous);
  }
  heartbeat.start();
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
  });
  await cameras.start();

  // Hardware encoders push WebRTC over WHIP into the hearing their device is attached to.
  const whip = new WhipSessions({ service, media, log: (line) => console.warn(line) });

  let generatedAdminPassword: string | undefined;
  let adminPasswordFile: string | undefined;
  if ((await store.accounts.count()) === 0) {
    const password = config.adminPassword ?? (generatedAdminPassword = randomBytes(12).toString('base64url'));
    try {
      await access.createAccount({ username: 'admin', displayName: 'Quản trị viên', role: 'admin', password }, false);
    } catch (error) {
      // Nodes sharing one PostgreSQL and starting together: another one made the first admin.
      if ((await store.accounts.count()) === 0) throw error;
      generatedAdminPassword = undefined;
    }
    // In production a generated password is never printed: it waits in a file only this user reads.
    if (generatedAdminPassword && config.production) {
      adminPasswordFile = writeSecretFile(config.dataDir, 'admin-password', `admin ${generatedAdminPassword}\n`);
      generatedAdminPassword = undefined;
    }
  }

  // TURN: each participant gets credentials of its own (media.iceServers), and a relay-only site's
  // participants relay through it; coturn itself runs here only when embedded (development, tests).
  const turnSecret = config.turn.mode === 'off' ? undefined : (config.turn.secret ?? loadOrCreateSecret(config.dataDir, 'turn.key'));
  const coturn = config.turn.mode === 'embedded' ? await startCoturn(config, turnSecret!) : undefined;
  const iceServers = new IceServers({
    config: config.turn,
    secret: turnSecret,
    relayOnly: async (participantId) => {
      const siteId = (await store.participants.get(participantId))?.siteId;
      return siteId ? ((await store.sites.get(siteId))?.relayOnly ?? false) : false;
    },
  });

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
  const app = createApp(appDeps);
  const httpServer: Server = config.tls
    ? createHttpsServer({ cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) }, app)
    : createHttpServer(app);
  // Idle keep-alive connections are closed by the client (a browser, the HTTPS front) before the
  // server: a server closing one just as the client reuses it resets the client's next request.
  // Fronts keep upstream connections up to 60 s (nginx's keepalive_timeout), so the server keeps 65.
  httpServer.keepAliveTimeout = 65_000;
  const gate = new SignalingGate(limits);
  // Several nodes: a participant who reaches this node for a hearing another node serves is sent
  // there (`moved`); one nobody serves, while it runs, is served here (server/cluster/Placement.ts).
  const placement = cluster
    ? new Placement({
        leases: cluster.leases,
        // A running hearing nobody serves is taken over as the scan would (its record recovered).
        claim: takeover ? (hearingId) => takeover.takeOver(hearingId) : undefined,
        liveNodes: async () => (await cluster.registry?.liveNodes()) ?? [],
        stateOf: async (hearingId) => (await store.hearings.get(hearingId))?.state,
        selfUrl: () => appDeps.publicUrl,
        extraOrigins: cluster.config.origins,
      })
    : undefined;
  const signaling = new SignalingServer(httpServer, access, service, media, store, gate, iceServers, placement);
  if (cluster) {
    cluster.shareSockets(signaling.io);
    // Each hearing that runs here is leased to this node; a lost lease closes its media here, and
    // a live node takes the hearing over (cluster/Takeover.ts).
    cluster.followHearings(service, media);
  }

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  cameraNetworks.addOwnPort(port);
  const publicUrl = config.port === 0 ? config.publicUrl.replace(/:0$/, `:${port}`) : config.publicUrl;
  appDeps.publicUrl = publicUrl; // invitation links must name the port actually listened on
  await cluster?.announce(publicUrl);
  takeover?.start(); // hearings whose node stopped: this node's after a restart, a dead node's
  const running = { ...config, publicUrl };
  const demoLinks = config.demo ? await prepareDemo({ store, caseFile, access, dataDir: config.dataDir, publicUrl }) : [];

  let closing: Promise<void> | undefined;
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
    generatedAdminPassword,
    adminPasswordFile,
    rateLimits: { signaling: gate.stats, logins: logins.stats },
    coturn,
    cluster,
    close: () =>
      (closing ??= (async () => {
        disk.close();
        await service.settleDepartures(); // the lobby's held departures, before the stop is recorded
        await takeover?.close();
        // With several nodes, only the hearings this node serves are stopped here.
        await outages.stopping(cluster ? (id) => cluster.leases.owned().has(id) : undefined);
        await recorder.close(); // lets every ffmpeg close its last segment while media still flows
        await archive.close();
        cameras.close();
        await whip.close(); // the encoders' participants disconnect while their hearings still run
        media.close();
        await signaling.close(); // also closes the HTTP server
        // With several nodes the clean beat comes before the leases are given back: the node that takes
        // a hearing over must not read a stop in progress as a crash (the record here is closed by now).
        if (cluster) await heartbeat.stop();
        await cluster?.close(); // this node's hearings are released: another node may take them at once
        pool.close();
        await coturn?.close();
        notifier.close();
        await heartbeat.stop(); // last: the stop was clean only once everything is closed
        await stores.close();
      })()),
  };
}

/** The embedded coturn: relays to the media server's own address only, among private ones. */
async function startCoturn(config: Config, secret: string): Promise<CoturnProcess> {
  const { announcedAddress, listenIp } = config.media;
  const mediaAddress = announcedAddress && isIP(announcedAddress) ? announcedAddress : listenIp;
  if (/^127\./.test(mediaAddress) && !config.turn.allowLoopbackPeers) {
    console.warn('[turn] media server on loopback: coturn relays nothing there (VCOURT_TURN_ALLOW_LOOPBACK_PEERS=1, development only)');
  }
  const coturn = await CoturnProcess.start({
    settings: coturnSettings(config.turn, secret, mediaAddress, join(config.dataDir, 'turn')),
    log: (line) => console.warn(line),
  });
  coturn.on('restarted', (pid, ms) => console.warn(`[turn] coturn restarted (pid ${pid}, answering after ${ms} ms)`));
  return coturn;
}

async function main(): Promise<void> {
  const vcourt = await startVcourt();
  const lines = [
    '',
    `vcourt is running: ${vcourt.url}`,
    `  mediasoup ${mediasoupVersion}, ${vcourt.pool.workers.length} worker(s): ${workerBin}`,
    `  database: ${vcourt.config.databaseUrl ? maskUrl(vcourt.config.databaseUrl) : vcourt.config.databaseFile}`,
  ];
  const { turn } = vcourt.config;
  if (turn.mode !== 'off') {
    const how = vcourt.coturn ? `embedded coturn (pid ${vcourt.coturn.pid}, answering after ${vcourt.coturn.lastStartMs} ms)` : 'external';
    lines.push(`  TURN: ${how}, ${turnUrls(turn).join(' ')}`);
  }
  if (vcourt.generatedAdminPassword) {
    lines.push(`  clerk/admin API account created: admin / ${vcourt.generatedAdminPassword}  (shown once)`);
  }
  if (vcourt.adminPasswordFile) {
    lines.push(`  admin account created; its generated password is in ${vcourt.adminPasswordFile} (this user only)`);
  }
  if (vcourt.demoLinks.length > 0) {
    const demo = ['Demo hearing, one link per participant (a new start issues new links):'];
    for (const link of vcourt.demoLinks) {
      demo.push(`  ${link.role.padEnd(10)} ${link.displayName}`, `             ${link.url}`);
      if (link.signIn) demo.push(`             sign in as ${link.signIn.username} / ${link.signIn.password}`);
    }
    // Join links are credentials: in production they go to a file, not to the console.
    if (vcourt.config.production) {
      lines.push(`  demo hearing links: ${writeSecretFile(vcourt.config.dataDir, 'demo-links.txt', demo.join('\n') + '\n')}`);
    } else lines.push('', ...demo);
  }
  console.log(lines.join('\n') + '\n');
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
