// Private consultations (core/hearing/Consultations.ts) through HearingService, with the real
// SqliteStore(':memory:') and media faked by FakeMediaRoomPort: who may open, ask for and end one,
// who may be in it, what is audited, and that its members hear each other and nobody else.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLERK_ACCOUNT, makeDomain, type Domain } from '../../support/domain.js';
import { InvalidStateError, NotFoundError, PermissionDeniedError, ValidationError } from '../../../core/hearing/errors.js';
import type { ProducerInfo } from '../../../core/hearing/types.js';
import type { PersonRole } from '../../../core/protocol/model.js';
import { Request } from '../../../core/protocol/signaling.js';

let d: Domain;
beforeEach(async () => {
  d = await makeDomain();
  await d.seat('clerk', 'prosecutor', 'counsel', 'defendant', 'victim', 'interpreter', 'witness', 'representative', 'plaintiff');
  await d.bringTo('in_session');
  d.clear();
});
afterEach(() => d.close());

const id = (role: PersonRole) => d.people[role].id;
const open = (by: PersonRole, ...roles: PersonRole[]) => d.service.openConsultation(d.ref(by), roles.map(id));
const auditOf = async (type: string) => (await d.store.audit.list(d.hearing.id)).filter((e) => e.type === type);
const sentTo = (role: PersonRole, type: string) =>
  d.notifications.filter((n) => JSON.stringify(n.audience) === JSON.stringify({ participantId: id(role) }) && n.notification.type === type);
const producer = (role: PersonRole, pid: string): ProducerInfo => ({
  id: pid,
  participantId: id(role),
  kind: 'audio',
  source: 'mic',
  paused: false,
});

describe('consultation.open', () => {
  it('the judge gives counsel and the defendant consultation-1: both moved, one audit event, the SFU told', async () => {
    expect(await open('judge', 'counsel', 'defendant')).toBe('consultation-1');
    expect((await d.participant('counsel')).room).toBe('consultation-1');
    expect((await d.participant('defendant')).room).toBe('consultation-1');
    expect(await auditOf('consultation.opened')).toMatchObject([
      { actor: { participantId: id('judge') }, data: { room: 'consultation-1', participantIds: [id('counsel'), id('defendant')] } },
    ]);
    expect(await auditOf('room.moved')).toEqual([]);
    expect(d.media.callsOf('setRooms')).toEqual([
      [d.hearing.id, id('counsel'), 'consultation-1'],
      [d.hearing.id, id('defendant'), 'consultation-1'],
    ]);
    // Everyone sees where they are (not what they say).
    const updates = d.notifications.filter((n) => n.notification.type === 'participant.updated' && n.audience === 'admitted');
    expect(updates.map((n) => n.notification)).toMatchObject([
      { participant: { id: id('counsel'), room: 'consultation-1' } },
      { participant: { id: id('defendant'), room: 'consultation-1' } },
    ]);
  });

  it('the next one gets the lowest free number, which comes back when a consultation ends', async () => {
    expect(await open('judge', 'counsel', 'defendant')).toBe('consultation-1');
    expect(await open('judge', 'representative', 'plaintiff')).toBe('consultation-2');
    await d.service.endConsultation(d.ref('judge'), 'consultation-1');
    expect(await open('judge', 'counsel', 'victim', 'interpreter')).toBe('consultation-1');
  });

  it('members hear each other and nobody else: the courtroom drops their media, they drop the courtroom’s', async () => {
    d.media.producers.push(producer('counsel', 'pr-c'), producer('defendant', 'pr-d'), producer('prosecutor', 'pr-p'));
    await open('judge', 'counsel', 'defendant');
    for (const role of ['judge', 'prosecutor', 'clerk'] as const) {
      expect(sentTo(role, 'media.producerClosed').map((n) => n.notification)).toEqual(
        expect.arrayContaining([expect.objectContaining({ producerId: 'pr-c' }), expect.objectContaining({ producerId: 'pr-d' })]),
      );
      expect(sentTo(role, 'media.producerAdded')).toEqual([]);
    }
    expect(sentTo('counsel', 'media.producerClosed').map((n) => n.notification)).toMatchObject([{ producerId: 'pr-p' }]);
    expect(sentTo('counsel', 'media.producerAdded')).toEqual([]); // they heard each other before, and still do
    expect((await d.service.join(d.ref('judge'))).producers.map((p) => p.id)).toEqual(['pr-p']);
    expect((await d.service.join(d.ref('defendant'))).producers.map((p) => p.id)).toEqual(['pr-c', 'pr-d']);
    // A new producer inside is told to the room only.
    d.clear();
    d.media.emit({ type: 'producerAdded', hearingId: d.hearing.id, producer: producer('defendant', 'pr-d2') });
    await d.mediaSettled();
    expect(sentTo('counsel', 'media.producerAdded')).toHaveLength(1);
    expect(sentTo('judge', 'media.producerAdded')).toEqual([]);
    expect(sentTo('prosecutor', 'media.producerAdded')).toEqual([]);
  });

  it('only the presiding judge opens one', async () => {
    const before = await d.dump();
    for (const by of ['clerk', 'counsel', 'prosecutor', 'defendant'] as const) {
      await expect(open(by, 'counsel', 'defendant')).rejects.toThrow(PermissionDeniedError);
    }
    expect(await d.dump()).toBe(before);
  });

  it('it needs counsel (or a representative) and a party, 2 to 4 distinct people of those roles', async () => {
    const before = await d.dump();
    await expect(open('judge', 'counsel', 'prosecutor')).rejects.toThrow(ValidationError);
    await expect(open('judge', 'counsel', 'witness')).rejects.toThrow(ValidationError);
    await expect(open('judge', 'counsel', 'clerk')).rejects.toThrow(ValidationError);
    await expect(open('judge', 'judge', 'defendant')).rejects.toThrow(ValidationError);
    await expect(open('judge', 'defendant', 'victim')).rejects.toThrow(ValidationError);
    await expect(open('judge', 'counsel', 'representative')).rejects.toThrow(ValidationError);
    await expect(open('judge', 'counsel', 'counsel')).rejects.toThrow(ValidationError);
    await expect(open('judge', 'counsel', 'defendant', 'victim', 'plaintiff', 'interpreter')).rejects.toThrow(ValidationError);
    expect(await d.dump()).toBe(before);
    expect(d.media.callsOf('setRooms')).toEqual([]);
  });

  it('five people are refused by the schema too; the reply names the room', () => {
    const five = { type: 'consultation.open', participantIds: ['a', 'b', 'c', 'd', 'e'] };
    expect(Request.safeParse(five).success).toBe(false);
    expect(Request.safeParse({ type: 'consultation.open', participantIds: ['a'] }).success).toBe(false);
    expect(Request.safeParse({ type: 'consultation.end', room: 'consultation-21' }).success).toBe(false);
    expect(Request.safeParse({ type: 'consultation.end', room: 'consultation-20' }).success).toBe(true);
  });

  it('members must be admitted and in the courtroom, not already in another room', async () => {
    await d.service.leave(d.ref('victim'), 'Mệt');
    await d.service.moveToRoom(d.ref('judge'), id('plaintiff'), 'witness');
    await open('judge', 'counsel', 'defendant');
    d.clear();
    const before = await d.dump();
    await expect(open('judge', 'representative', 'victim')).rejects.toThrow(InvalidStateError);
    await expect(open('judge', 'representative', 'plaintiff')).rejects.toThrow(InvalidStateError);
    await expect(open('judge', 'representative', 'defendant')).rejects.toThrow(InvalidStateError);
    const stranger = (await d.otherHearing()).defendant;
    await expect(d.service.openConsultation(d.ref('judge'), [id('representative'), stranger.id])).rejects.toThrow(NotFoundError);
    expect(await d.dump()).toBe(before);
  });

  it('none opens while the panel deliberates or before the hearing opens, and the panel cannot withdraw while one is open', async () => {
    await open('judge', 'counsel', 'defendant');
    await d.service.transition(d.ref('judge'), 'examine');
    await d.service.transition(d.ref('judge'), 'argue');
    await expect(d.service.transition(d.ref('judge'), 'deliberate')).rejects.toThrow(InvalidStateError);
    expect((await d.store.hearings.get(d.hearing.id))!.state).toBe('in_session');
    await d.service.endConsultation(d.ref('counsel'), 'consultation-1');
    await d.service.transition(d.ref('judge'), 'deliberate');
    await expect(open('judge', 'representative', 'plaintiff')).rejects.toThrow(InvalidStateError);
  });

  it('room.move cannot take a member out, nor anyone in', async () => {
    await open('judge', 'counsel', 'defendant');
    const before = await d.dump();
    await expect(d.service.moveToRoom(d.ref('judge'), id('defendant'), 'courtroom')).rejects.toThrow(PermissionDeniedError);
    await expect(d.service.moveToRoom(d.ref('judge'), id('defendant'), 'witness')).rejects.toThrow(PermissionDeniedError);
    await expect(d.service.moveToRoom(d.ref('judge'), id('interpreter'), 'consultation-1')).rejects.toThrow(PermissionDeniedError);
    await expect(d.service.moveToRoom(d.ref('counsel'), id('counsel'), 'courtroom')).rejects.toThrow(PermissionDeniedError);
    expect(await d.dump()).toBe(before);
  });
});

describe('consultation.end', () => {
  beforeEach(async () => {
    await open('judge', 'counsel', 'defendant');
    d.clear();
  });

  it('a member ends it: everyone in it is back in the courtroom, audited once with who was in it', async () => {
    d.media.producers.push(producer('defendant', 'pr-d'), producer('prosecutor', 'pr-p'));
    await d.service.endConsultation(d.ref('defendant'), 'consultation-1');
    expect((await d.participant('counsel')).room).toBe('courtroom');
    expect((await d.participant('defendant')).room).toBe('courtroom');
    expect(await auditOf('consultation.ended')).toMatchObject([
      { actor: { participantId: id('defendant') }, data: { room: 'consultation-1', participantIds: [id('counsel'), id('defendant')] } },
    ]);
    expect(sentTo('judge', 'media.producerAdded').map((n) => n.notification)).toMatchObject([{ producer: { id: 'pr-d' } }]);
    expect(sentTo('counsel', 'media.producerAdded').map((n) => n.notification)).toMatchObject([{ producer: { id: 'pr-p' } }]);
  });

  it('the judge ends it; nobody else outside it may', async () => {
    const before = await d.dump();
    await expect(d.service.endConsultation(d.ref('clerk'), 'consultation-1')).rejects.toThrow(PermissionDeniedError);
    await expect(d.service.endConsultation(d.ref('victim'), 'consultation-1')).rejects.toThrow(PermissionDeniedError);
    await expect(d.service.endConsultation(d.ref('judge'), 'consultation-2')).rejects.toThrow(NotFoundError);
    await expect(d.service.endConsultation(d.ref('judge'), 'witness')).rejects.toThrow(ValidationError);
    expect(await d.dump()).toBe(before);
    await d.service.endConsultation(d.ref('judge'), 'consultation-1');
    expect((await d.participant('defendant')).room).toBe('courtroom');
  });

  it('a member who leaves is out of it; the one left alone is brought back and it ends, as the system’s act', async () => {
    await d.service.leave(d.ref('defendant'), 'Mất kết nối');
    expect((await d.participant('counsel')).room).toBe('courtroom');
    expect((await d.participant('defendant')).room).toBe('courtroom');
    expect(await auditOf('consultation.ended')).toMatchObject([{ actor: { kind: 'system' }, data: { room: 'consultation-1' } }]);
  });
});

describe('consultation.request', () => {
  beforeEach(async () => {
    await d.service.transition(d.ref('judge'), 'recess', 'Nghỉ giải lao');
    d.clear();
  });

  it('counsel asks during a recess: audited, the bench sees every request, the counsel their own', async () => {
    await d.service.requestConsultation(d.ref('counsel'), [id('defendant')]);
    await d.service.requestConsultation(d.ref('representative'), [id('plaintiff')]);
    expect(await auditOf('consultation.requested')).toMatchObject([
      { actor: { participantId: id('counsel') }, data: { participantId: id('counsel'), withIds: [id('defendant')] } },
      { actor: { participantId: id('representative') } },
    ]);
    const bench = d.notifications.filter((n) => n.audience === 'bench' && n.notification.type === 'consultation.requests');
    expect(bench.at(-1)?.notification).toMatchObject({ requests: [{ byId: id('counsel') }, { byId: id('representative') }] });
    expect(sentTo('representative', 'consultation.requests').at(-1)?.notification).toMatchObject({
      requests: [{ byId: id('representative'), withIds: [id('plaintiff')] }],
    });
    expect((await d.service.join(d.ref('judge'))).consultationRequests).toHaveLength(2);
    expect((await d.service.join(d.ref('counsel'))).consultationRequests).toMatchObject([{ byId: id('counsel') }]);
    expect((await d.service.join(d.ref('prosecutor'))).consultationRequests).toEqual([]);
  });

  it('granting (the judge opens it) answers the request; resuming the session drops the rest', async () => {
    await d.service.requestConsultation(d.ref('counsel'), [id('defendant')]);
    await d.service.requestConsultation(d.ref('representative'), [id('plaintiff')]);
    await open('judge', 'counsel', 'defendant');
    expect(sentTo('counsel', 'consultation.requests').at(-1)?.notification).toMatchObject({ requests: [] });
    expect((await d.service.join(d.ref('judge'))).consultationRequests).toMatchObject([{ byId: id('representative') }]);
    await d.service.transition(d.ref('judge'), 'resume');
    expect(sentTo('representative', 'consultation.requests').at(-1)?.notification).toMatchObject({ requests: [] });
    expect((await d.service.join(d.ref('judge'))).consultationRequests).toEqual([]);
  });

  it('the judge declines a request: it goes, audited, and the counsel is told; nobody else declines', async () => {
    await d.service.requestConsultation(d.ref('counsel'), [id('defendant')]);
    await d.service.requestConsultation(d.ref('representative'), [id('plaintiff')]);
    const before = await d.dump();
    await expect(d.service.declineConsultation(d.ref('clerk'), id('counsel'))).rejects.toThrow(PermissionDeniedError);
    await expect(d.service.declineConsultation(d.ref('counsel'), id('counsel'))).rejects.toThrow(PermissionDeniedError);
    await expect(d.service.declineConsultation(d.ref('judge'), id('defendant'))).rejects.toThrow(NotFoundError);
    expect(await d.dump()).toBe(before);
    await d.service.declineConsultation(d.ref('judge'), id('counsel'));
    expect(await auditOf('consultation.declined')).toMatchObject([
      { actor: { participantId: id('judge') }, data: { participantId: id('counsel') } },
    ]);
    expect(sentTo('counsel', 'consultation.requests').at(-1)?.notification).toMatchObject({ requests: [] });
    expect((await d.service.join(d.ref('judge'))).consultationRequests).toMatchObject([{ byId: id('representative') }]);
    expect((await d.participant('counsel')).room ?? 'courtroom').toBe('courtroom');
  });

  it('a request goes when its counsel or party leaves', async () => {
    await d.service.requestConsultation(d.ref('counsel'), [id('defendant')]);
    await d.service.leave(d.ref('defendant'), 'Mất kết nối');
    expect((await d.service.join(d.ref('judge'))).consultationRequests).toEqual([]);
  });

  it('only counsel or a representative asks, only in a recess, only for parties in the courtroom', async () => {
    const before = await d.dump();
    await expect(d.service.requestConsultation(d.ref('defendant'), [id('counsel')])).rejects.toThrow(PermissionDeniedError);
    await expect(d.service.requestConsultation(d.ref('prosecutor'), [id('defendant')])).rejects.toThrow(PermissionDeniedError);
    await expect(d.service.requestConsultation(d.ref('counsel'), [id('witness')])).rejects.toThrow(ValidationError);
    await expect(d.service.requestConsultation(d.ref('counsel'), [id('counsel')])).rejects.toThrow(ValidationError);
    await d.service.transition(d.ref('judge'), 'resume');
    const resumed = await d.dump();
    await expect(d.service.requestConsultation(d.ref('counsel'), [id('defendant')])).rejects.toThrow(InvalidStateError);
    expect(await d.dump()).toBe(resumed);
    expect(before).not.toBe(resumed); // the resume itself was recorded, nothing else
  });

  it('a participant added to the case but never admitted cannot be named', async () => {
    const late = await d.caseFile.addParticipant(CLERK_ACCOUNT, d.hearing.id, { displayName: 'Bị cáo 2', role: 'defendant' });
    await expect(d.service.requestConsultation(d.ref('counsel'), [late.id])).rejects.toThrow(InvalidStateError);
  });
});
