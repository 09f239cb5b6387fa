// An authenticator app for tests. The server accepts each time step's code once per account, and
// codes up to one step ahead of its clock (server/auth/totp.ts), so signing in again and again
// needs a later step each time: this one remembers the last step it gave a code for.
import { generateSync } from 'otplib';
import { TOTP_TOLERANCE_SECONDS } from '../../server/auth/totp.js';

const PERIOD_SECONDS = 30;
/** How many steps ahead of the server's clock a code is still accepted. */
const AHEAD = Math.floor(TOTP_TOLERANCE_SECONDS / PERIOD_SECONDS);
const stepNow = () => Math.floor(Date.now() / 1000 / PERIOD_SECONDS);

export class Authenticator {
  #last = -1;

  constructor(readonly secret: string) {}

  /**
   * A code for a step after every one given before: the current step, or one ahead when that was
   * given already; when even those are used up, waits for the clock (at most one step, 30 s).
   */
  async code(): Promise<string> {
    const step = Math.max(stepNow(), this.#last + 1);
    this.#last = step; // before waiting, so a code asked for meanwhile gets a later step
    while (step > stepNow() + AHEAD) {
      const untilNextStep = PERIOD_SECONDS * 1000 - (Date.now() % (PERIOD_SECONDS * 1000));
      await new Promise((resolve) => setTimeout(resolve, untilNextStep + 10));
    }
    return generateSync({ secret: this.secret, epoch: step * PERIOD_SECONDS });
  }
}
