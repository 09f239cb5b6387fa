// The hearing record's parts: the court's signing key, the bundle and the archive (records,
// retention, four-eyes requests; started here), and the live Recorder. The caller attaches the
// recorder to the hearings, recovers the previous run's outage (recovery.ts), and only then asks the
// archive to rebuild what that run left unbuilt.
// Part of the composition root: main.ts alone calls it.
import { join } from 'node:path';
import type { Clock } from '../../core/hearing/ports.js';
import type { MediaRooms } from '../../media/MediaRooms.js';
import { CourtKey } from '../../recordings/CourtKey.js';
import { archiveSettings, RecordArchive } from '../../recordings/archive/RecordArchive.js';
import { Compositor } from '../../recordings/Compositor.js';
import { RecordBundle } from '../../recordings/RecordBundle.js';
import { Recorder } from '../../recordings/Recorder.js';
import { recorderLimits } from '../../recordings/RecorderSlots.js';
import type { ClusterNode } from '../cluster/ClusterNode.js';
import type { Config } from '../config.js';
import type { Stores } from '../store/openStores.js';

export interface Records {
  courtKey: CourtKey;
  archive: RecordArchive;
  recorder: Recorder;
  /** data/recordings: the tracks' segments, each hearing's composite/ and its record. */
  recordingsDir: string;
}

export async function openRecords(d: {
  config: Config;
  stores: Stores;
  media: MediaRooms;
  clock: Clock;
  /** Several nodes on one database: each recovers its own records, and one sweeps at a time. */
  cluster?: ClusterNode | undefined;
}): Promise<Records> {
  const { config, stores, media } = d;
  const { store, records } = stores;
  const recordEnv = archiveSettings(process.env);
  const courtKey = CourtKey.loadOrCreate(config.dataDir, recordEnv.signingKeyFile);
  const recordingsDir = join(config.dataDir, 'recordings');
  const bundle = new RecordBundle({
    store,
    records,
    key: courtKey,
    clock: d.clock,
    recordingsDir,
    // composite/ is where the Compositor keeps the chunks it makes while the hearing runs.
    compositorFor: (hearingId) => new Compositor({ workDir: join(recordingsDir, hearingId, 'composite') }),
  });
  const archive = new RecordArchive({
    store,
    records,
    bundle,
    key: courtKey,
    clock: d.clock,
    retentionDays: recordEnv.retentionDays,
    retentionMinDays: recordEnv.retentionMinDays,
    ...(d.cluster && {
      recoversRecord: d.cluster.recoversRecord(store.settings),
      alone: d.cluster.alone.bind(d.cluster),
    }),
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
  return { courtKey, archive, recorder, recordingsDir };
}
