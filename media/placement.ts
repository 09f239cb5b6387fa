// Where a hearing's new receiving transport goes (RouterTree.ts): the origin router, or a
// receive-only edge router on another worker. Pure, so the rule reads and tests on its own.
import type { DeviceKind, Role } from '../core/protocol/model.js';
import { can } from '../core/hearing/permissions.js';

/** When a hearing spreads its receivers over edge routers (MediaConfig: VCOURT_EDGE_AFTER, VCOURT_MAX_EDGES). */
export interface CascadeSettings {
  /** Receivers the origin holds before receive-only ones go to edges; 0: never. */
  edgeAfter: number;
  /** Edge routers one hearing may open (each on another worker); 0: none. */
  maxEdges: number;
}

/** An open edge as placement sees it. */
export interface EdgeLoad {
  id: string;
  /** Receiving transports on it. */
  receivers: number;
  /** Consumers on its receivers' transports (what its worker forwards). */
  consumers: number;
}

export interface PlacementInput {
  /** The participant never sends (a display, an observer): they may live on an edge. */
  receiveOnly: boolean;
  /** Receiving transports on the origin now. */
  originReceivers: number;
  edges: readonly EdgeLoad[];
  /** Another worker is free for a new edge. */
  canOpen: boolean;
  settings: CascadeSettings;
}

export type Placement = { on: 'origin' } | { on: 'edge'; id: string } | { on: 'newEdge' };

/**
 * Anyone who may send stays on the origin: their media is produced there, and the bench hears
 * them without a pipe. A receive-only participant goes to an edge once the origin holds more than
 * `edgeAfter` receivers: the edge with the fewest consumers, a new one counting as empty while
 * fewer than `maxEdges` are open (so receivers spread over cores early; each edge costs one pipe
 * per producer it needs, whatever its number of receivers). Ties: fewer receivers, then an open
 * edge before a new one.
 */
export function place({ receiveOnly, originReceivers, edges, canOpen, settings }: PlacementInput): Placement {
  const { edgeAfter, maxEdges } = settings;
  if (!receiveOnly || edgeAfter <= 0 || maxEdges <= 0 || originReceivers < edgeAfter) return { on: 'origin' };
  const candidates: (EdgeLoad & { fresh: boolean })[] = edges.map((e) => ({ ...e, fresh: false }));
  if (canOpen && edges.length < maxEdges) candidates.push({ id: '', receivers: 0, consumers: 0, fresh: true });
  candidates.sort((a, b) => a.consumers - b.consumers || a.receivers - b.receivers || Number(a.fresh) - Number(b.fresh));
  const best = candidates[0];
  if (!best) return { on: 'origin' }; // no edge open and none can be: the origin takes them
  return best.fresh ? { on: 'newEdge' } : { on: 'edge', id: best.id };
}

/** The settings from the media config: edges after 50 receivers, on up to every other worker. */
export function cascadeSettings(config: { workers: number; edgeAfter?: number; maxEdges?: number }): CascadeSettings {
  return {
    edgeAfter: Math.max(0, config.edgeAfter ?? 50),
    maxEdges: Math.max(0, config.maxEdges ?? config.workers - 1),
  };
}

/**
 * Who never sends media in a hearing: a role without 'produce' (the public), or a courtroom
 * display (HearingService refuses its sending too). Their receivers may go to edges.
 */
export function receivesOnly(role: Role, deviceKind?: DeviceKind): boolean {
  return !can(role, 'produce') || deviceKind === 'display';
}
