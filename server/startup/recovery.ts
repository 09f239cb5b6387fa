// Every outage is in the record. At start the previous run's last heartbeat tells when it stopped
// and whether it crashed; what it left open is indexed and ended, and the gaps run until media is
// back. One machine recovers every hearing here, at once. With several nodes each beats under its
// own key, and recovers only the hearings whose lease it takes (its own after a restart, a dead
// node's) through Takeover: the others are served by live nodes.
// Part of the composition root: main.ts alone calls it, between the recorder and the disk watch.
import type { Clock } from '../../core/hearing/ports.js';
import { ServerOutages } from '../../core/hearing/ServerOutages.js';
import type { Recorder } from '../../recordings/Recorder.js';
import type { ClusterNode } from '../cluster/ClusterNode.js';
import type { Takeover } from '../cluster/Takeover.js';
import { Heartbeat, heartbeatKey } from '../Heartbeat.js';
import type { SqlStore } from '../store/SqlStore.js';

export interface Recovered {
  /** Beating once this returns; stopped last at close (the stop was clean only then). */
  heartbeat: Heartbeat;
  outages: ServerOutages;
  /** With several nodes: not started yet (it starts once the node listens and is announced). */
  takeover: Takeover | undefined;
}

export async function recoverOutage(d: {
  store: SqlStore;
  recorder: Recorder;
  cluster: ClusterNode | undefined;
  clock: Clock;
}): Promise<Recovered> {
  const { store, recorder, cluster } = d;
  const heartbeat = new Heartbeat(store.settings, 1000, heartbeatKey(cluster?.config.nodeId));
  const outages = new ServerOutages(store, d.clock);
  // Read before this run's first beat overwrites it.
  const previous = await heartbeat.previous();
  const takeover = cluster?.takeover({ store, outages, recorder, previous });
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
  return { heartbeat, outages, takeover };
}
