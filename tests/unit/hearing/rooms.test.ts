// Rooms inside a hearing (core/hearing/rooms.ts, RoomCommands.ts) through HearingService, with the
// real SqliteStore(':memory:') and media faked by FakeMediaRoomPort: where people start, who may
// move whom, what is audited, and who is told of whose media.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidStateError, PermissionDeniedError } from '../../../core/hearing/errors.js';
import type { ProducerInfo } from '../../../core/hearing/types.js';
import type { PersonRole } from '../../../core/protocol/model.js';
import { Request } from '../../../core/protocol/signaling.js';
import { makeDomain, type Domain } from '../../support/domain.js';

let d: Domain;
beforeEach(async () => {
  d = makeDomain();
  await d.seat('clerk', 'defendant', 'witness', 'expert', 'counsel');
  d.clear();
});
afterEach(() => d.close());

const auditOf = (type: string) => d.store.audit.list(d.hearing.id).filter((e) => e.type === type);
const roomOf = (role: PersonRole) => d.service.join(d.ref(role)).then((s) => s.self.room);
const to = (role: PersonRole) => ({ participantId: d.people[role].id });
const sentTo = (role: PersonRole, type: string) =>
  d.notifications.filter((n) => JSON.stringify(n.audience) === JSON.stringify(to(role)) && n.notification.type === type);

describe('where participants are', () => {
  it('witnesses and experts, once admitted, wait in the witness room; everyone else is in the courtroom', async () => {
    expect(await roomOf('witness')).toBe('witness');
    expect(await roomOf('expert')).toBe('witness');
    expect(await roomOf('defendant')).toBe('courtroom');
    expect(await roomOf('clerk')).toBe('courtroom');
  });

  it('the bench sees who is where', async () => {
    const snapshot = await d.service.join(d.ref('judge'));
    const witness = snapshot.participants.find((p) => p.id === d.people.witness.id);
    expect(witness?.room).toBe('witness');
  });
});

describe('room.move', () => {
  it('the judge calls a witness in and sends them back: each move audited with from and to, their link kept', async () => {
    const invitation = d.participant('witness').invitationId;
    await d.service.moveToRoom(d.ref('judge'), d.people.witness.id, 'courtroom');
    expect(d.participant('witness').room).toBe('courtroom');
    await d.service.moveToRoom(d.ref('judge'), d.people.witness.id, 'witness');
    expect(d.participant('witness').room).toBe('witness');
    expect(d.participant('witness').invitationId).toBe(invitation);
    expect(auditOf('room.moved')).toMatchObject([
      { actor: { participantId: d.people.judge.id }, data: { participantId: d.people.witness.id, from: 'witness', to: 'courtroom' } },
      { actor: { participantId: d.people.judge.id }, data: { participantId: d.people.witness.id, from: 'courtroom', to: 'witness' } },
    ]);
  });

  it('the media side learns the move, and everyone sees the witness’s new place', async () => {
    await d.service.moveToRoom(d.ref('judge'), d.people.witness.id, 'courtroom');
    expect(d.media.callsOf('setRoom')).toContainEqual([d.hearing.id, d.people.witness.id, 'courtroom']);
    const update = d.notifications.find((n) => n.notification.type === 'participant.updated');
    expect(update).toMatchObject({ audience: 'admitted', notification: { participant: { id: d.people.witness.id, room: 'courtroom' } } });
  });

  it('the clerk may call witnesses and experts in and send them back', async () => {
    await d.service.moveToRoom(d.ref('clerk'), d.people.expert.id, 'courtroom');
    await d.service.moveToRoom(d.ref('clerk'), d.people.expert.id, 'witness');
    expect(auditOf('room.moved')).toHaveLength(2);
  });

  it('the clerk may not move a party, nor a witness anywhere but the courtroom', async () => {
    await expect(d.service.moveToRoom(d.ref('clerk'), d.people.defendant.id, 'witness')).rejects.toThrow(PermissionDeniedError);
    await expect(d.service.moveToRoom(d.ref('clerk'), d.people.witness.id, 'consultation')).rejects.toThrow(PermissionDeniedError);
    expect(auditOf('room.moved')).toEqual([]);
  });

  it('nobody moves themselves: not the judge, not the clerk, not a witness', async () => {
    await expect(d.service.moveToRoom(d.ref('judge'), d.people.judge.id, 'witness')).rejects.toThrow(PermissionDeniedError);
    await expect(d.service.moveToRoom(d.ref('clerk'), d.people.clerk.id, 'witness')).rejects.toThrow(PermissionDeniedError);
    await expect(d.service.moveToRoom(d.ref('witness'), d.people.witness.id, 'courtroom')).rejects.toThrow(PermissionDeniedError);
    expect(d.participant('witness').room ?? null).toBeNull();
    expect(auditOf('room.moved')).toEqual([]);
  });

  it('parties may not move anyone', async () => {
    await expect(d.service.moveToRoom(d.ref('counsel'), d.people.witness.id, 'courtroom')).rejects.toThrow(PermissionDeniedError);
    await expect(d.service.moveToRoom(d.ref('defendant'), d.people.counsel.id, 'consultation')).rejects.toThrow(PermissionDeniedError);
    expect(d.media.callsOf('setRoom')).toEqual([]);
  });

  it('moving someone where they already are is refused and changes nothing', async () => {
    await expect(d.service.moveToRoom(d.ref('judge'), d.people.witness.id, 'witness')).rejects.toThrow(InvalidStateError);
    expect(auditOf('room.moved')).toEqual([]);
  });

  it('the schema refuses an unknown room', () => {
    const ok = Request.safeParse({ type: 'room.move', participantId: 'p-1', room: 'witness' });
    const bad = Request.safeParse({ type: 'room.move', participantId: 'p-1', room: 'kitchen' });
    expect(ok.success).toBe(true);
    expect(bad.success).toBe(false);
  });
});

describe('media follows the room', () => {
  const producer = (role: 'witness' | 'defendant', id: string): ProducerInfo => ({
    id,
    participantId: d.people[role].id,
    kind: 'audio',
    source: 'mic',
    paused: false,
  });

  it('a witness’s producer is announced only in the witness room; the courtroom never hears of it', async () => {
    d.media.emit({ type: 'producerAdded', hearingId: d.hearing.id, producer: producer('witness', 'pr-w') });
    expect(sentTo('expert', 'media.producerAdded')).toHaveLength(1);
    expect(sentTo('judge', 'media.producerAdded')).toEqual([]);
    expect(sentTo('defendant', 'media.producerAdded')).toEqual([]);
  });

  it('the join snapshot lists only the producers of one’s own room', async () => {
    d.media.producers.push(producer('witness', 'pr-w'), producer('defendant', 'pr-d'));
    expect((await d.service.join(d.ref('judge'))).producers.map((p) => p.id)).toEqual(['pr-d']);
    expect((await d.service.join(d.ref('expert'))).producers.map((p) => p.id)).toEqual(['pr-w']);
  });

  it('on a call, the witness is offered the courtroom’s media and the courtroom the witness’s; the witness room drops it', async () => {
    d.media.producers.push(producer('witness', 'pr-w'), producer('defendant', 'pr-d'));
    await d.service.moveToRoom(d.ref('judge'), d.people.witness.id, 'courtroom');
    expect(sentTo('witness', 'media.producerAdded').map((n) => n.notification)).toMatchObject([{ producer: { id: 'pr-d' } }]);
    expect(sentTo('defendant', 'media.producerAdded').map((n) => n.notification)).toMatchObject([{ producer: { id: 'pr-w' } }]);
    expect(sentTo('expert', 'media.producerClosed').map((n) => n.notification)).toMatchObject([{ producerId: 'pr-w' }]);
    d.clear();
    await d.service.moveToRoom(d.ref('judge'), d.people.witness.id, 'witness');
    expect(sentTo('witness', 'media.producerClosed').map((n) => n.notification)).toMatchObject([{ producerId: 'pr-d' }]);
    expect(sentTo('defendant', 'media.producerClosed').map((n) => n.notification)).toMatchObject([{ producerId: 'pr-w' }]);
    expect(sentTo('defendant', 'media.producerAdded')).toEqual([]);
  });
});
