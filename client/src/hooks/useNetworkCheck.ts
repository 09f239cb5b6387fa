// The equipment check's network probe as React state: one NetworkCheck (socket) per page, a run
// once the previews have settled and again on request, and the report when the participant goes on.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { EquipmentCheckReport } from '../../../core/protocol/equipmentCheck.js';
import { NetworkCheck, type NetworkCheckResult } from '../core/networkCheck.js';

export interface NetworkCheckState {
  status: 'waiting' | 'running' | 'done';
  result: NetworkCheckResult | null;
}

/** How long going on waits for the report to be acknowledged: the hearing matters more than the badge. */
const REPORT_WAIT_MS = 3_000;

export function useNetworkCheck(token: string, tracks: MediaStreamTrack[], ready: boolean) {
  const check = useRef<NetworkCheck | null>(null);
  const [state, setState] = useState<NetworkCheckState>({ status: 'waiting', result: null });
  const [runs, setRuns] = useState(0);
  // The tracks of the moment the run starts; a device switch later does not restart the measurement.
  const tracksNow = useRef(tracks);
  tracksNow.current = tracks;

  useEffect(() => {
    const created = new NetworkCheck(token);
    check.current = created;
    return () => {
      created.close();
      if (check.current === created) check.current = null;
    };
  }, [token]);

  // Once the previews first settle: switching devices later does not measure the network again.
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    if (ready) setArmed(true);
  }, [ready]);

  useEffect(() => {
    const probe = check.current;
    if (!armed || !probe) return;
    let cancelled = false;
    setState({ status: 'running', result: null });
    probe.run(tracksNow.current).then(
      (result) => {
        if (!cancelled) setState({ status: 'done', result });
      },
      () => {}, // closed: the page moved on
    );
    return () => {
      cancelled = true;
    };
  }, [armed, runs]);

  const again = useCallback(() => setRuns((n) => n + 1), []);

  /** Sends what was found (bounded wait), then closes the probe's socket before the hearing's opens. */
  const finish = useCallback(
    async (rest: Omit<EquipmentCheckReport, 'network'>) => {
      const probe = check.current;
      if (!probe) return;
      const report: EquipmentCheckReport = { ...rest, network: state.status === 'done' ? (state.result?.figures ?? null) : null };
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise((resolve) => (timer = setTimeout(resolve, REPORT_WAIT_MS)));
      try {
        await Promise.race([probe.report(report), timeout]);
      } catch (error) {
        console.warn('[vcourt] could not report the equipment check', error);
      } finally {
        clearTimeout(timer);
        probe.close();
      }
    },
    [state],
  );

  return { ...state, again, finish };
}
