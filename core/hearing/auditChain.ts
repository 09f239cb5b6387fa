// The audit log's hash chain: each event carries the hash of the one before it in the same
// hearing, so removing, reordering or editing any event breaks every hash after it. The hashed
// text is exactly what is stored, so anyone can recompute it from an export:
//   hash = sha256_hex(prevHash + "\n" + hearingId + "\n" + at + "\n" + actorJson + "\n" + type + "\n" + dataJson)
// The first event of a hearing has prevHash = 64 zeros.
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainFields {
  hearingId: string;
  at: string;
  actorJson: string;
  type: string;
  dataJson: string;
}

export function auditHash(prevHash: string, f: ChainFields): string {
  return createHash('sha256').update([prevHash, f.hearingId, f.at, f.actorJson, f.type, f.dataJson].join('\n'), 'utf8').digest('hex');
}

/** Index of the first event whose chain is broken, or -1 when the whole chain holds. */
export function firstBrokenLink(events: { prevHash: string; hash: string; fields: ChainFields }[]): number {
  let prev = GENESIS_HASH;
  for (const [i, e] of events.entries()) {
    if (e.prevHash !== prev || auditHash(prev, e.fields) !== e.hash) return i;
    prev = e.hash;
  }
  return -1;
}
