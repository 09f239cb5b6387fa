// The order in which a running vcourt closes, written once. Each step is where it is for a reason
// given beside it: the record must be closed while media still flows, the clean heartbeat must come
// before a cluster's leases are given back, and the database closes last of all.
// Part of the composition root: main.ts builds every part and hands them here.
import type { ServerOutages } from '../../core/hearing/ServerOutages.js';
import type { HearingService } from '../../core/hearing/HearingService.js';
import type { CameraIngests } from '../../ingest/CameraIngests.js';
import type { WhipSessions } from '../../ingest/whip/WhipSessions.js';
import type { MediaRooms } from '../../media/MediaRooms.js';
import type { WorkerPool } from '../../media/WorkerPool.js';
import type { RecordArchive } from '../../recordings/archive/RecordArchive.js';
import type { Recorder } from '../../recordings/Recorder.js';
import type { ClusterNode } from '../cluster/ClusterNode.js';
import type { Takeover } from '../cluster/Takeover.js';
import type { DiskWatch } from '../DiskWatch.js';
import type { Heartbeat } from '../Heartbeat.js';
import type { ServerNotifier } from '../notify/notifiers.js';
import type { SignalingServer } from '../signaling/SignalingServer.js';
import type { Stores } from '../store/openStores.js';
import type { CoturnProcess } from '../turn/CoturnProcess.js';

export interface Parts {
  disk: DiskWatch;
  service: HearingService;
  takeover: Takeover | undefined;
  outages: ServerOutages;
  cluster: ClusterNode | undefined;
  recorder: Recorder;
  archive: RecordArchive;
  cameras: CameraIngests;
  whip: WhipSessions;
  media: MediaRooms;
  signaling: SignalingServer;
  heartbeat: Heartbeat;
  pool: WorkerPool;
  coturn: CoturnProcess | undefined;
  notifier: ServerNotifier;
  stores: Stores;
}

/** close() for RunningVcourt: idempotent, every call answered by the one shutdown. */
export function shutdown(p: Parts): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => (closing ??= closeInOrder(p));
}

async function closeInOrder(p: Parts): Promise<void> {
  const { cluster } = p;
  p.disk.close();
  await p.service.settleDepartures(); // the lobby's held departures, before the stop is recorded
  await p.takeover?.close();
  // With several nodes, only the hearings this node serves are stopped here.
  await p.outages.stopping(cluster ? (id) => cluster.leases.owned().has(id) : undefined);
  await p.recorder.close(); // lets every ffmpeg close its last segment while media still flows
  await p.archive.close();
  p.cameras.close();
  await p.whip.close(); // the encoders' participants disconnect while their hearings still run
  p.media.close();
  await p.signaling.close(); // also closes the HTTP server
  // With several nodes the clean beat comes before the leases are given back: the node that takes
  // a hearing over must not read a stop in progress as a crash (the record here is closed by now).
  if (cluster) await p.heartbeat.stop();
  await cluster?.close(); // this node's hearings are released: another node may take them at once
  p.pool.close();
  await p.coturn?.close();
  p.notifier.close();
  await p.heartbeat.stop(); // last: the stop was clean only once everything is closed
  await p.stores.close();
}
