// The judge's authenticator app, for the browser tests. The server accepts each 30 s step's code
// once per account, one step either side of its clock (server/auth/totp.ts); enrolling, the API
// sign-in and the sign-in typed at /bench each need a later step. Starting one step behind (while
// the current step has time left) lets all three pass without waiting for the clock.
import { generateSync } from 'otplib';

const PERIOD_MS = 30_000;
/** Steps either side of the server's clock a code is accepted. */
const TOLERANCE = 1;
/** Start one step behind only with this much of the current step left, so it is still in range on arrival. */
const MARGIN_MS = 5_000;
const stepNow = () => Math.floor(Date.now() / PERIOD_MS);

export class Authenticator {
  #last = -Infinity;

  constructor(readonly secret: string) {}

  /** A code for a step after every one given before; waits for the clock when none is left in range. */
  async code(): Promise<string> {
    const behindIsSafe = PERIOD_MS - (Date.now() % PERIOD_MS) > MARGIN_MS;
    const step = Math.max(stepNow() - (behindIsSafe ? TOLERANCE : 0), this.#last + 1);
    this.#last = step; // before waiting, so a code asked for meanwhile gets a later step
    while (step > stepNow() + TOLERANCE) {
      await new Promise((resolve) => setTimeout(resolve, PERIOD_MS - (Date.now() % PERIOD_MS) + 10));
    }
    return generateSync({ secret: this.secret, epoch: (step * PERIOD_MS) / 1000 });
  }
}
