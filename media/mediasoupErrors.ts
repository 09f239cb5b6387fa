// mediasoup's failures, named where they happen (ARCHITECTURE.md, "Errors"): the client's bad
// input becomes a ValidationError, a race with a closing object an InvalidStateError, and the
// worker's shortage of ports is recognised so HearingRoom can answer `unavailable` and alert.
import { DomainError, InvalidStateError, ValidationError } from '../core/hearing/errors.js';

/**
 * mediasoup checks a client's DTLS and RTP parameters and capabilities itself, refusing bad ones
 * with TypeError (malformed) or UnsupportedError (a codec or extension it does not take). That is
 * the client's input, not our failure, so it is named a ValidationError here, where it happens.
 */
export async function clientInput<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof TypeError || (error instanceof Error && error.name === 'UnsupportedError')) {
      throw new ValidationError(error.message);
    }
    // The worker's own refusal of parameters that collide with the transport's other producers
    // (an SSRC, MID or RID already taken): the client's input too.
    if (error instanceof Error && /already exists in RTP listener/.test(error.message)) {
      throw new ValidationError(error.message);
    }
    throw error;
  }
}

/**
 * A client request on a mediasoup object that closed while the request ran (its transport
 * replaced, its producer gone) fails inside the worker ("not found"): a race the caller lost,
 * not our failure. Bad input is named as clientInput() does.
 */
export async function whileOpen<T>(target: { readonly closed: boolean }, what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await clientInput(call);
  } catch (error) {
    if (target.closed && !(error instanceof DomainError)) throw new InvalidStateError(`The ${what} closed meanwhile`);
    throw error;
  }
}

/**
 * The worker could not give a new transport a port: every port of the range is taken
 * (PortManager: "no more available ports"), or the process is out of file descriptors.
 */
export function isPortExhaustion(error: unknown): boolean {
  return error instanceof Error && /no more available ports|too many open files/i.test(error.message);
}
