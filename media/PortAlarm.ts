// Names the worker's "no free port" what it is when a transport is created: the server's shortage,
// not the client's fault nor an internal error. Staff are alerted (a log line, the bench told), at
// most once per interval per hearing, and the participant gets `unavailable` to retry.
import { UnavailableError } from '../core/hearing/errors.js';
import type { MediaEvent } from '../core/hearing/ports.js';
import type { MediaConfig } from './MediaConfig.js';
import { isPortExhaustion } from './mediasoupErrors.js';

/** How often at most a room alerts about exhausted ports (log line, bench notification). */
const PORT_ALERT_INTERVAL_MS = 10_000;

export class PortAlarm {
  #lastAlert = -Infinity;

  constructor(
    private readonly hearingId: string,
    private readonly config: Pick<MediaConfig, 'minPort' | 'maxPort'>,
    private readonly report: (event: MediaEvent) => void,
  ) {}

  async allocate<T>(participantId: string, create: () => Promise<T>): Promise<T> {
    try {
      return await create();
    } catch (error) {
      if (!isPortExhaustion(error)) throw error;
      const now = Date.now();
      if (now - this.#lastAlert >= PORT_ALERT_INTERVAL_MS) {
        this.#lastAlert = now;
        const { minPort, maxPort } = this.config;
        console.error(
          `[media] ALERT: no free media port for hearing ${this.hearingId} (participant ${participantId}, ` +
            `range ${minPort}-${maxPort}): ${(error as Error).message}. New media connections fail until ports are freed ` +
            `or VCOURT_RTC_MIN_PORT/VCOURT_RTC_MAX_PORT are widened.`,
        );
        this.report({ type: 'mediaUnavailable', hearingId: this.hearingId, participantId, cause: 'ports_exhausted' });
      }
      throw new UnavailableError('The server has no free media port right now; the court staff have been alerted. Try again shortly.');
    }
  }
}
