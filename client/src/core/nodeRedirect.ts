// Several server nodes: the node a participant reached may answer `moved` with the URL of the node
// that serves their hearing (server/cluster/Placement.ts). The client follows it with the same
// credentials, but only a bounded number of times, only to an http(s) address, and never to one it
// has already tried: two nodes that disagree must not make a loop.
import type { ErrorBody } from './protocol.js';

/** Redirects followed for one session at most; a second one happens only while ownership moves. */
export const MAX_NODE_HOPS = 2;

/** Failed reconnections to a node we were sent to before going back to where we started (it may have died). */
export const RETURN_AFTER_FAILURES = 3;

/** The nodes one session has tried, the first one being where it started. */
export class NodeRedirects {
  readonly #tried: string[];

  constructor(start: string) {
    this.#tried = [originOf(start) ?? start];
  }

  /** Where the session started (the page's node, or the one it was given). */
  get start(): string {
    return this.#tried[0]!;
  }

  /**
   * The node we were sent to stopped answering: forget the redirects and go back to the start,
   * which sends us on to whichever node serves the hearing now. Null when we never left it.
   */
  restart(): string | null {
    if (this.hops === 0) return null;
    this.#tried.length = 1;
    return this.start;
  }

  /** How many redirects were followed. */
  get hops(): number {
    return this.#tried.length - 1;
  }

  /**
   * The origin to connect to after this refusal, or null when it must not be followed (not a
   * `moved`, no usable URL, an address already tried, or the hops used up). Followed: remembered.
   */
  follow(body: Partial<ErrorBody> | undefined): string | null {
    if (body?.code !== 'moved' || this.hops >= MAX_NODE_HOPS) return null;
    const url = (body.details as { url?: unknown } | undefined)?.url;
    const next = typeof url === 'string' ? originOf(url) : null;
    if (next === null || this.#tried.includes(next)) return null;
    this.#tried.push(next);
    return next;
  }
}

/** scheme://host[:port] of an http(s) URL without credentials; null for anything else. */
function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    if (u.username || u.password) return null;
    return u.origin;
  } catch {
    return null;
  }
}
