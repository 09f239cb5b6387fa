// What every SqlStore must do, whatever the database under it: the unit tests run it on an
// in-memory SQLite file, the integration tests on a real PostgreSQL. `open` is called before each
// test; the tests make their own ids, so a database shared by the tests of one run is fine.
// The tests themselves are in storeContract/, by repository group.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach } from 'vitest';
import type { HearingRecord, ParticipantRecord } from '../../core/hearing/types.js';
import type { SqlStore } from '../../server/store/SqlStore.js';
import { auditContract } from './storeContract/auditContract.js';
import { system, type Fixture, type OpenedStore, type StoreContext } from './storeContract/context.js';
import { hearingsContract } from './storeContract/hearingsContract.js';
import { registriesContract } from './storeContract/registriesContract.js';

export { chainOf, type OpenedStore } from './storeContract/context.js';

export function storeContract(open: () => Promise<OpenedStore>): void {
  let opened: OpenedStore | undefined;
  let store: SqlStore;
  /** This test's prefix: its rows never meet another test's. */
  let u: string;
  // Declared before the groups' own beforeEach, so it runs first (vitest runs hooks in order).
  beforeEach(async () => {
    opened = await open();
    store = opened.store;
    u = randomUUID().slice(0, 8);
  });
  afterEach(async () => {
    await opened?.close();
    opened = undefined;
  });

  /** A case, a site and a hearing with a defendant and a judge. */
  async function fixture(n = 1): Promise<Fixture> {
    const caseId = `${u}-case${n}`;
    await store.cases.insert({
      id: caseId,
      number: `${u}-HS-${n}`,
      title: 'State v. Doe',
      kind: 'criminal',
      court: 'Court',
      createdAt: `2025-03-0${n}T00:00:00.000Z`,
    });
    const siteId = `${u}-site${n}`;
    await store.sites.insert({ id: siteId, name: `${u} Phòng ${n}`, kind: 'courtroom', relayOnly: false, createdAt: 't' });
    const hearing: HearingRecord = {
      id: `${u}-h${n}`,
      caseId,
      title: 'First instance',
      scheduledAt: `2025-03-0${n}T02:00:00.000Z`,
      state: 'scheduled',
      stage: null,
      outcome: null,
      courtroomSiteId: siteId,
      createdAt: 't',
      updatedAt: 't',
    };
    await store.hearings.insert(hearing);
    const person = (role: ParticipantRecord['role'], i: number): ParticipantRecord => ({
      id: `${u}-h${n}-p${i}`,
      hearingId: hearing.id,
      displayName: `The ${role}`,
      role,
      siteId: null,
      status: 'invited',
      forcedMuteAudio: false,
      forcedMuteVideo: false,
      screenAllowed: false,
      invitationId: null,
      deviceId: null,
      accountId: null,
      contact: null,
      room: null,
      languages: null,
      createdAt: `2025-03-0${n}T01:00:0${i}.000Z`,
    });
    const judge = person('judge', 1);
    const defendant = person('defendant', 2);
    await store.participants.insert(judge);
    await store.participants.insert(defendant);
    await store.audit.append({ hearingId: hearing.id, at: 't0', actor: system, type: 'hearing.created', data: { n } });
    return { caseId, siteId, hearing, judge, defendant };
  }

  const dump = async (hearingId: string) =>
    JSON.stringify({
      hearing: await store.hearings.get(hearingId),
      participants: await store.participants.listByHearing(hearingId),
      audit: await store.audit.list(hearingId),
    });

  const t: StoreContext = {
    get store() {
      return store;
    },
    get u() {
      return u;
    },
    fixture,
    dump,
  };
  auditContract(t);
  hearingsContract(t);
  registriesContract(t);
}
