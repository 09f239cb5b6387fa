// A hearing domain wired the way server/main.ts wires it, but with an in-memory SQLite store, a
// stepping clock and the FakeMediaRoomPort (media faked). One participant per role.
import { CaseFile } from '../../core/hearing/CaseFile.js';
import { HearingService, type Audience, type HearingServiceOptions } from '../../core/hearing/HearingService.js';
import type { Clock, InvitationIssuer, InvitationRequest, IssuedInvitation } from '../../core/hearing/ports.js';
import type { Actor, HearingRecord, ParticipantRecord, ParticipantRef } from '../../core/hearing/types.js';
import { PERSON_ROLES, type PersonRole, type TransitionAction } from '../../core/protocol/model.js';
import type { Notification } from '../../core/protocol/signaling.js';
import { SqliteStore } from '../../server/store/SqliteStore.js';
import { FakeMediaRoomPort } from './FakeMediaRoomPort.js';

/** Each reading is one second after the previous one, so audit timestamps are distinct and known. */
export class SteppingClock implements Clock {
  #t: number;
  constructor(start = Date.parse('2025-03-01T08:00:00.000Z')) {
    this.#t = start;
  }
  now(): Date {
    const d = new Date(this.#t);
    this.#t += 1000;
    return d;
  }
  /** Time passes (someone stays away). */
  advance(ms: number): void {
    this.#t += ms;
  }
}

/** Signs nothing: numbered invitations (inv-1, inv-2…), and what was asked for each. */
export class FakeInvitationIssuer implements InvitationIssuer {
  readonly issued: (InvitationRequest & IssuedInvitation)[] = [];
  issueInvitation(args: InvitationRequest): IssuedInvitation {
    const invitationId = `inv-${this.issued.length + 1}`;
    const expiresAt = new Date(Date.parse('2025-03-01T08:00:00.000Z') + args.expiresInSeconds * 1000);
    const issued = { token: `token-${invitationId}`, invitationId, expiresAt };
    this.issued.push({ ...args, ...issued });
    return issued;
  }
}

export const CLERK_ACCOUNT: Actor = { kind: 'account', accountId: 'acc-clerk', username: 'clerk' };
/** The judge accounts the fixture's two hearings' presiding seats are bound to. */
export const JUDGE_ACCOUNT = { accountId: 'acc-judge', username: 'fixture.judge' } as const;
export const OTHER_JUDGE_ACCOUNT = { accountId: 'acc-judge-2', username: 'fixture.other.judge' } as const;
/** The accounts the panel judge's and the clerk of the hearing's seats are bound to (core/hearing/staffSeats.ts). */
export const PANEL_JUDGE_ACCOUNT = { accountId: 'acc-panel-judge', username: 'fixture.panel.judge' } as const;
export const CLERK_SEAT_ACCOUNT = { accountId: 'acc-clerk-seat', username: 'fixture.clerk' } as const;
const SEAT_ACCOUNTS: Partial<Record<PersonRole, string>> = {
  judge: JUDGE_ACCOUNT.accountId,
  panel_judge: PANEL_JUDGE_ACCOUNT.accountId,
  clerk: CLERK_SEAT_ACCOUNT.accountId,
};

export interface Delivered {
  hearingId: string;
  audience: Audience;
  notification: Notification;
}

export async function makeDomain(options: HearingServiceOptions = {}) {
  const store = new SqliteStore(':memory:');
  const clock = new SteppingClock();
  const media = new FakeMediaRoomPort();
  const service = new HearingService(store, media, clock, options);
  const issuer = new FakeInvitationIssuer();
  const caseFile = new CaseFile(store, clock, 'Test District Court', (id) => service.isConnected(id), issuer);

  // The presiding judges' staff accounts (a judge's seat is bound to one); no password is ever checked here.
  const accounts = [
    [JUDGE_ACCOUNT, 'judge'],
    [OTHER_JUDGE_ACCOUNT, 'judge'],
    [PANEL_JUDGE_ACCOUNT, 'judge'],
    [CLERK_SEAT_ACCOUNT, 'clerk'],
  ] as const;
  for (const [{ accountId: id, username }, role] of accounts) {
    await store.accounts.insert({
      id,
      username,
      displayName: username,
      role,
      passwordHash: 'unused',
      createdAt: '2025-03-01T00:00:00.000Z',
    });
  }
  const kase = await caseFile.createCase('HS-001/2025', 'State v. Doe');
  const hearing = await caseFile.createHearing(CLERK_ACCOUNT, {
    caseId: kase.id,
    title: 'First-instance hearing',
    scheduledAt: '2025-03-01T09:00:00+07:00',
  });
  // One by one: the participants keep the order they were added in.
  const people = {} as Record<PersonRole, ParticipantRecord>;
  for (const role of PERSON_ROLES) {
    people[role] = await caseFile.addParticipant(CLERK_ACCOUNT, hearing.id, {
      displayName: `The ${role}`,
      role,
      ...(SEAT_ACCOUNTS[role] ? { accountId: SEAT_ACCOUNTS[role] } : {}),
    });
  }

  const notifications: Delivered[] = [];
  const evictions: { participantId: string; reason: string }[] = [];
  const stateChanges: { hearingId: string; state: string; previous: string }[] = [];
  service.on('notify', (hearingId, audience, notification) => notifications.push({ hearingId, audience, notification }));
  service.on('evict', (participantId, reason) => evictions.push({ participantId, reason }));
  service.on('stateChanged', (hearingId, state, previous) => stateChanges.push({ hearingId, state, previous }));

  const ref = (p: ParticipantRecord | PersonRole, h: HearingRecord = hearing): ParticipantRef => ({
    hearingId: h.id,
    participantId: typeof p === 'string' ? people[p].id : p.id,
  });
  const participant = async (p: ParticipantRecord | PersonRole): Promise<ParticipantRecord> =>
    (await store.participants.get(typeof p === 'string' ? people[p].id : p.id))!;
  const auditTypes = async (): Promise<string[]> => (await store.audit.list(hearing.id)).map((e) => e.type);

  /** Everything the store holds about the hearing, to compare before and after a refused command. */
  const dump = async () =>
    JSON.stringify({
      hearing: await store.hearings.get(hearing.id),
      participants: await store.participants.listByHearing(hearing.id),
      audit: await store.audit.list(hearing.id),
    });

  /** Join the judge, then the given people, admitting them; returns nothing, leaves records clean of noise. */
  async function seat(...roles: PersonRole[]): Promise<void> {
    if (!service.isConnected(people.judge.id)) await service.join(ref('judge'));
    for (const role of roles) {
      if (role === 'judge') continue;
      await service.join(ref(role));
      if ((await participant(role)).status === 'lobby') await service.admit(ref('judge'), people[role].id);
    }
  }

  /** Move the hearing to `state` through legal judge transitions (the judge must be seated). */
  async function bringTo(state: HearingRecord['state']): Promise<void> {
    const path: Record<HearingRecord['state'], TransitionAction[]> = {
      scheduled: [],
      open: ['open'],
      in_session: ['open', 'start'],
      recess: ['open', 'start', 'recess'],
      deliberation: ['open', 'start', 'examine', 'argue', 'deliberate'],
      adjourned: ['open', 'adjourn'],
    };
    for (const action of path[state]) await service.transition(ref('judge'), action, action === 'recess' ? 'Nghỉ giải lao' : undefined);
  }

  /** A second hearing of the same case with its own judge and defendant. */
  async function otherHearing() {
    const h = await caseFile.createHearing(CLERK_ACCOUNT, { caseId: kase.id, title: 'Appeal', scheduledAt: '2025-04-01T09:00:00Z' });
    const judge = await caseFile.addParticipant(CLERK_ACCOUNT, h.id, {
      displayName: 'Other judge',
      role: 'judge',
      accountId: OTHER_JUDGE_ACCOUNT.accountId,
    });
    const defendant = await caseFile.addParticipant(CLERK_ACCOUNT, h.id, { displayName: 'Other defendant', role: 'defendant' });
    return { hearing: h, judge, defendant };
  }

  const clear = () => {
    notifications.length = 0;
    evictions.length = 0;
    stateChanges.length = 0;
    media.calls.length = 0;
  };

  /** Every media event reported so far has been told (media events are handled one at a time, after the report). */
  const mediaSettled = () => service.mediaSettled(hearing.id);

  return {
    store,
    clock,
    media,
    service,
    caseFile,
    issuer,
    kase,
    hearing,
    people,
    notifications,
    evictions,
    stateChanges,
    ref,
    participant,
    auditTypes,
    dump,
    seat,
    bringTo,
    otherHearing,
    clear,
    mediaSettled,
    close: () => store.close(),
  };
}

export type Domain = Awaited<ReturnType<typeof makeDomain>>;
