// What the store contract's groups share: the opened store and this test's prefix (read at each
// test: storeContract opens a new store before each), the fixture, and the audit chain's shape.
import type { AuditEvent, DeviceRecord, HearingRecord, ParticipantRecord } from '../../../core/hearing/types.js';
import type { SqlStore } from '../../../server/store/SqlStore.js';

export interface OpenedStore {
  store: SqlStore;
  close(): Promise<void>;
}

export interface Fixture {
  caseId: string;
  siteId: string;
  hearing: HearingRecord;
  judge: ParticipantRecord;
  defendant: ParticipantRecord;
}

export interface StoreContext {
  /** This test's store (a new one before each test). */
  readonly store: SqlStore;
  /** This test's prefix: its rows never meet another test's. */
  readonly u: string;
  /** A case, a site and a hearing with a defendant and a judge; n tells several apart. */
  fixture(n?: number): Promise<Fixture>;
  /** The hearing, its participants and its audit log, as one string to compare before and after. */
  dump(hearingId: string): Promise<string>;
}

export const chainOf = (events: AuditEvent[]) =>
  events.map((e) => ({
    prevHash: e.prevHash,
    hash: e.hash,
    fields: { hearingId: e.hearingId, at: e.at, actorJson: JSON.stringify(e.actor), type: e.type, dataJson: JSON.stringify(e.data) },
  }));

export const system = { kind: 'system' } as const;

/** A camera at the site (sealed URL, no token, not revoked). */
export const device = (id: string, siteId: string, createdAt = 't'): DeviceRecord => ({
  id,
  siteId,
  kind: 'camera',
  name: 'Cam',
  rtspUrl: 'rtsp://admin:***@10.0.0.1/s',
  rtspSealed: 'v1.sealed',
  tokenId: null,
  revokedAt: null,
  createdAt,
});
