// A vcourt server in a process of its own, for tests that kill it (SIGKILL, SIGTERM) and start
// it again on the same data directory. Started by vcourtProcess.ts with an IPC channel: it says
// 'ready' once listening, and answers the few questions a fault test asks of its insides (feed a
// participant's media, the recorder's processes, the index, the record's status).
import { join } from 'node:path';
import { loadConfig } from '../../server/config.js';
import { startVcourt } from '../../server/main.js';
import { feedTestMedia, testMediaIngest } from './rtpFeed.js';

export type Request =
  | { id: number; cmd: 'feed'; hearingId: string; participantId: string }
  // Media from and to a sender and a receiver elsewhere (threeNodes.ts): ingests and a receiver listening on `ip`.
  | { id: number; cmd: 'ingest'; hearingId: string; participantId: string; ip: string }
  | { id: number; cmd: 'receiver'; hearingId: string; participantId: string; ip: string }
  | { id: number; cmd: 'consume'; hearingId: string; participantId: string; transportId: string; producerId: string }
  | { id: number; cmd: 'processes'; hearingId: string }
  | { id: number; cmd: 'index'; hearingId: string }
  | { id: number; cmd: 'record'; hearingId: string }
  | { id: number; cmd: 'workers' }
  | { id: number; cmd: 'integrity' };

const env = process.env;
const dataDir = env.VCOURT_DATA_DIR!;
// The environment counts (VCOURT_DISK_* and the like), as for `npm start`; the rest is the test's.
const defaults = loadConfig(env);
const config = loadConfig(env, {
  host: env.VCOURT_HOST || '127.0.0.1',
  port: Number(env.VCOURT_PORT),
  dataDir,
  databaseFile: join(dataDir, 'vcourt.sqlite'),
  clientDir: join(dataDir, 'no-client-build'),
  demo: false,
  adminPassword: env.VCOURT_ADMIN_PASSWORD!,
  media: { ...defaults.media, workers: 1, listenIp: env.VCOURT_RTC_LISTEN_IP || '127.0.0.1', logLevel: 'error' },
});

const running = await startVcourt(config);
const send = (message: unknown) => process.send?.(message);

async function answer(r: Request): Promise<unknown> {
  switch (r.cmd) {
    case 'feed': {
      const feed = await feedTestMedia({ running }, r.hearingId, r.participantId);
      return { audioProducerId: feed.audioProducerId, videoProducerId: feed.videoProducerId, senderPid: feed.sender.pid };
    }
    case 'ingest':
      return testMediaIngest(running.media, r.hearingId, r.participantId, r.ip);
    case 'receiver': {
      const { id, ip, port } = await (await running.media.room(r.hearingId)).createPlainTransport(r.participantId, r.ip);
      return { transportId: id, ip, port };
    }
    case 'consume': {
      const { router } = await running.media.room(r.hearingId);
      const { transportId, producerId } = r;
      const consumer = await running.media.consume(r.hearingId, r.participantId, {
        transportId,
        producerId,
        rtpCapabilities: router.rtpCapabilities,
      });
      await running.media.resumeConsumer(r.hearingId, r.participantId, consumer.id);
      return consumer.id;
    }
    case 'processes':
      return running.recorder.processes(r.hearingId);
    case 'index':
      return { tracks: await running.recorder.index.tracks(r.hearingId), segments: await running.recorder.index.segments(r.hearingId) };
    case 'record':
      return (await running.store.db.get('SELECT status, dir, error FROM records WHERE hearing_id = ?', [r.hearingId])) ?? null;
    case 'workers':
      return running.pool.workers.map((w) => w.pid);
    case 'integrity':
      // The first column of the first row: 'ok' for a sound database file.
      return Object.values((await running.store.db.get('PRAGMA integrity_check')) ?? {})[0];
  }
}

process.on('message', (r: Request) => {
  answer(r).then(
    (data) => send({ id: r.id, ok: true, data }),
    (error: unknown) => send({ id: r.id, ok: false, error: String(error) }),
  );
});
// A graceful stop, as `npm start` does it.
process.once('SIGTERM', () => {
  running.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
send({ type: 'ready', port: running.port });
