// Rooms inside a hearing (core/hearing/rooms.ts, RoomCommands.ts) through HearingService, with the
// real SqliteStore(':memory:') and media faked by FakeMediaRoomPort: where people start, who may
// move whom, what is audited, and who is told of whose media.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidStateError, PermissionDeniedError } from '../../../core/hearing/errors.js';
import type { ProducerInfo } from '../../../core/hearing/types.js';
import type { PersonRole, RoomId } from '../../../core/protocol/model.js';
import { Request } from '../../../core/protocol/signaling.js';
import { makeDomain, type Domain } from '../../support/domain.js';

let d: Domain;
beforeEach(async () => {
  d = await makeDomain();
  await d.seat('clerk', 'defendant', 'witness', 'expert', 'counsel');
  d.clear();
});
afterEach(() => d.close());

const auditOf = async (type: string) => (await d.store.audit.list(d.hearing.id)).filter((e) => e.type === type);
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
    const invitation = (await d.participant('witness')).invitationId;
    await d.service.moveToRoom(d.ref('judge'), d.people.witness.id, 'courtroom');
    expect((await d.participant('witness')).room).toBe('courtroom');
    await d.service.moveToRoom(d.ref('judge'), d.people.witness.id, 'witness');
    expect((await d.participant('witness')).room).toBe('witness');
    expect((await d.participant('witness')).invitationId).toBe(invitation);
    expect(await auditOf('room.moved')).toMatchObject([
      { actor: { participantId: d.people.judge.id }, data: { participantId: d.people.witness.id, from: 'witness', to: 'courtroom' } },
      { actor: { participantId: d.people.judge.id }, data: { participantId: d.people.witness.id, from: 'courtroom', to: 'witness' } },
    ]);
  });

  it('the media side learns the move, and everyone sees the witness’s new place', async () => {
    await d.service.moveToRoom(d.ref('judge'), d.people.witness.id, 'courtroom');
    expect(d.media.callsOf('setRooms')).toContainEqual([d.hearing.id, d.people.witness.id, 'courtroom']);
    const update = d.notifications.find((n) => n.notification.type === 'participant.updated');
    expect(update).toMatchObject({ audience: 'admitted', notification: { participant: { id: d.people.witness.id, room: 'courtroom' } } });
  });

  it('the clerk may call witnesses and experts in and send them back', async () => {
    await d.service.moveToRoom(d.ref('clerk'), d.people.expert.id, 'courtroom');
    await d.service.moveToRoom(d.ref('clerk'), d.people.expert.id, 'witness');
    expect(await auditOf('room.moved')).toHaveLength(2);
  });

  it('the clerk may not move a party, nor a witness anywhere but the courtroom', async () => {
    await expect(d.service.moveToRoom(d.ref('clerk'), d.people.defendant.id, 'witness')).rejects.toThrow(PermissionDeniedError);
    await expect(d.service.moveToRoom(d.ref('clerk'), d.people.witness.id, 'consultation-1')).rejects.toThrow(PermissionDeniedError);
    expect(await auditOf('room.moved')).toEqual([]);
  });

  it('nobody moves themselves: not the judge, not the clerk, not a witness', async () => {
    await expect(d.service.moveToRoom(d.ref('judge'), d.people.judge.id, 'witness')).rejects.toThrow(PermissionDeniedError);
    await expect(d.service.moveToRoom(d.ref('clerk'), d.people.clerk.id, 'witness')).rejects.toThrow(PermissionDeniedError);
    await expect(d.service.moveToRoom(d.ref('witness'), d.people.witness.id, 'courtroom')).rejects.toThrow(PermissionDeniedError);
    expect((await d.participant('witness')).room ?? null).toBeNull();
    expect(await auditOf('room.moved')).toEqual([]);
  });

  it('parties may not move anyone', async () => {
    await expect(d.service.moveToRoom(d.ref('counsel'), d.people.witness.id, 'courtroom')).rejects.toThrow(PermissionDeniedError);
    await expect(d.service.moveToRoom(d.ref('defendant'), d.people.counsel.id, 'consultation-1')).rejects.toThrow(PermissionDeniedError);
    expect(d.media.callsOf('setRooms')).toEqual([]);
  });

  it('moving someone where they already are is refused and changes nothing', async () => {
    await expect(d.service.moveToRoom(d.ref('judge'), d.people.witness.id, 'witness')).rejects.toThrow(InvalidStateError);
    expect(await auditOf('room.moved')).toEqual([]);
  });

  it('the schema refuses an unknown room', () => {
    const ok = Request.safeParse({ type: 'room.move', participantId: 'p-1', room: 'witness' });
    const bad = Request.safeParse({ type: 'room.move', participantId: 'p-1', room: 'kitchen' });
    expect(ok.success).toBe(true);
    expect(bad.success).toBe(false);
  });
});

describe('room.move: who may move whom, where', () => {
  const move = (by: PersonRole, who: PersonRole, room: RoomId) => d.service.moveToRoom(d.ref(by), d.people[who].id, room);

  it('the judge sends a party out to the witness room and calls them back', async () => {
    await move('judge', 'defendant', 'witness');
    expect((await d.participant('defendant')).room).toBe('witness');
    await move('judge', 'defendant', 'courtroom');
    expect((await d.participant('defendant')).room).toBe('courtroom');
  });

  it('the bench stays in the courtroom: nobody sends the clerk or a panel member out', async () => {
    await d.seat('panel_judge');
    const before = await d.dump();
    await expect(move('judge', 'clerk', 'witness')).rejects.toThrow(PermissionDeniedError);
    await expect(move('judge', 'panel_judge', 'witness')).rejects.toThrow(PermissionDeniedError);
    await expect(move('judge', 'panel_judge', 'deliberation')).rejects.toThrow(PermissionDeniedError);
    expect(await d.dump()).toBe(before);
  });

  it('nobody is moved into a consultation room, not even by the judge', async () => {
    const before = await d.dump();
    await expect(move('judge', 'defendant', 'consultation-1')).rejects.toThrow(PermissionDeniedError);
    await expect(move('judge', 'counsel', 'consultation-3')).rejects.toThrow(PermissionDeniedError);
    expect(await d.dump()).toBe(before);
    expect(d.media.callsOf('setRooms')).toEqual([]);
  });

  it('nobody enters the deliberation room by a move, and the clerk only while the panel deliberates', async () => {
    const before = await d.dump();
    await expect(move('judge', 'clerk', 'deliberation')).rejects.toThrow(PermissionDeniedError);
    await expect(move('judge', 'defendant', 'deliberation')).rejects.toThrow(PermissionDeniedError);
    await expect(move('clerk', 'witness', 'deliberation')).rejects.toThrow(PermissionDeniedError);
    expect(await d.dump()).toBe(before);
  });

  it('a move that is refused leaves the store, the audit log and the SFU untouched', async () => {
    const before = await d.dump();
    await expect(move('counsel', 'defendant', 'witness')).rejects.toThrow(PermissionDeniedError);
    await expect(move('clerk', 'defendant', 'witness')).rejects.toThrow(PermissionDeniedError);
    await expect(move('defendant', 'defendant', 'witness')).rejects.toThrow(PermissionDeniedError);
    expect(await d.dump()).toBe(before);
    expect(d.media.callsOf('setRooms')).toEqual([]);
    expect(d.notifications).toEqual([]);
  });
});

describe('deliberation (nghị án)', () => {
  const panel = ['judge', 'panel_judge', 'assessor'] as const;
  beforeEach(async () => {
    await d.seat('panel_judge', 'assessor');
    d.clear();
  });

  it('the panel withdraws with the transition, which names them in its own audit event; the rest stay in the courtroom', async () => {
    await d.bringTo('deliberation');
    for (const role of panel) expect((await d.participant(role)).room).toBe('deliberation');
    expect((await d.participant('clerk')).room ?? 'courtroom').toBe('courtroom');
    expect((await d.participant('defendant')).room ?? 'courtroom').toBe('courtroom');
    expect(await auditOf('room.moved')).toEqual([]);
    expect(await auditOf('hearing.deliberate')).toMatchObject([
      { actor: { participantId: d.people.judge.id }, data: { to: 'deliberation', moved: panel.map((r) => d.people[r].id) } },
    ]);
    for (const role of panel) expect(d.media.callsOf('setRooms')).toContainEqual([d.hearing.id, d.people[role].id, 'deliberation']);
  });

  it('the courtroom no longer receives the panel’s media, and the panel only each other’s', async () => {
    d.media.producers.push(
      { id: 'pr-j', participantId: d.people.judge.id, kind: 'audio', source: 'mic', paused: false },
      { id: 'pr-a', participantId: d.people.assessor.id, kind: 'audio', source: 'mic', paused: false },
      { id: 'pr-d', participantId: d.people.defendant.id, kind: 'audio', source: 'mic', paused: false },
    );
    await d.bringTo('deliberation');
    expect(sentTo('defendant', 'media.producerClosed').map((n) => n.notification)).toEqual(
      expect.arrayContaining([expect.objectContaining({ producerId: 'pr-j' }), expect.objectContaining({ producerId: 'pr-a' })]),
    );
    expect(sentTo('judge', 'media.producerClosed').map((n) => n.notification)).toMatchObject([{ producerId: 'pr-d' }]);
    // Judge and assessor moved together: they kept hearing each other, nothing closed between them.
    expect(sentTo('assessor', 'media.producerClosed').map((n) => n.notification)).toMatchObject([{ producerId: 'pr-d' }]);
    expect((await d.service.join(d.ref('assessor'))).producers.map((p) => p.id)).toEqual(['pr-j', 'pr-a']);
    expect((await d.service.join(d.ref('defendant'))).producers.map((p) => p.id)).toEqual(['pr-d']);
  });

  it('the clerk enters only when the presiding judge lets them in, and everyone returns at the pronouncement', async () => {
    await d.bringTo('deliberation');
    await expect(d.service.moveToRoom(d.ref('clerk'), d.people.clerk.id, 'deliberation')).rejects.toThrow(PermissionDeniedError);
    await expect(d.service.moveToRoom(d.ref('panel_judge'), d.people.clerk.id, 'deliberation')).rejects.toThrow(PermissionDeniedError);
    await d.service.moveToRoom(d.ref('judge'), d.people.clerk.id, 'deliberation');
    expect((await d.participant('clerk')).room).toBe('deliberation');
    await d.service.transition(d.ref('judge'), 'pronounce');
    for (const role of [...panel, 'clerk'] as const) expect((await d.participant(role)).room).toBe('courtroom');
    expect(await auditOf('room.moved')).toMatchObject([
      { actor: { participantId: d.people.judge.id }, data: { from: 'courtroom', to: 'deliberation' } },
    ]);
    const back = (await auditOf('hearing.pronounce'))[0]!.data.moved as string[];
    expect([...back].sort()).toEqual([...panel, 'clerk'].map((r) => d.people[r as PersonRole].id).sort());
  });

  it('going back to the examination, or adjourning, also brings the panel back', async () => {
    await d.bringTo('deliberation');
    await d.service.transition(d.ref('judge'), 'examine');
    for (const role of panel) expect((await d.participant(role)).room).toBe('courtroom');
    await d.service.transition(d.ref('judge'), 'argue');
    await d.service.transition(d.ref('judge'), 'deliberate');
    await d.service.transition(d.ref('judge'), 'adjourn');
    for (const role of panel) expect((await d.participant(role)).room).toBe('courtroom');
  });

  it('a panel member who comes in during the deliberation goes straight to the deliberation room', async () => {
    await d.service.leave(d.ref('assessor'), 'Mất điện');
    await d.bringTo('deliberation');
    expect((await d.participant('assessor')).room ?? 'courtroom').toBe('courtroom');
    await d.service.join(d.ref('assessor'));
    await d.service.admit(d.ref('judge'), d.people.assessor.id);
    expect((await d.participant('assessor')).room).toBe('deliberation');
    expect((await auditOf('room.moved')).at(-1)).toMatchObject({
      actor: { kind: 'system' },
      data: { participantId: d.people.assessor.id },
    });
  });
});

describe('media follows the room', () => {
  const producer = (role: PersonRole, id: string): ProducerInfo => ({
    id,
    participantId: d.people[role].id,
    kind: 'audio',
    source: 'mic',
    paused: false,
  });

  it('a witness’s producer is announced to nobody: not the courtroom, not the other witnesses', async () => {
    d.media.emit({ type: 'producerAdded', hearingId: d.hearing.id, producer: producer('witness', 'pr-w') });
    d.media.emit({ type: 'producerPaused', hearingId: d.hearing.id, participantId: d.people.witness.id, producerId: 'pr-w', paused: true });
    await d.mediaSettled();
    expect(sentTo('expert', 'media.producerAdded')).toEqual([]);
    expect(sentTo('expert', 'media.producerPaused')).toEqual([]);
    expect(sentTo('judge', 'media.producerAdded')).toEqual([]);
    expect(sentTo('defendant', 'media.producerAdded')).toEqual([]);
  });

  it('the join snapshot lists only the producers of one’s own room, and none in the witness room', async () => {
    d.media.producers.push(producer('witness', 'pr-w'), producer('expert', 'pr-e'), producer('defendant', 'pr-d'));
    expect((await d.service.join(d.ref('judge'))).producers.map((p) => p.id)).toEqual(['pr-d']);
    expect((await d.service.join(d.ref('expert'))).producers).toEqual([]);
  });

  it('on a call, the witness is offered the courtroom’s media and the courtroom the witness’s; sent back, both drop it', async () => {
    d.media.producers.push(producer('witness', 'pr-w'), producer('defendant', 'pr-d'), producer('expert', 'pr-e'));
    await d.service.moveToRoom(d.ref('judge'), d.people.witness.id, 'courtroom');
    expect(sentTo('witness', 'media.producerAdded').map((n) => n.notification)).toMatchObject([{ producer: { id: 'pr-d' } }]);
    expect(sentTo('defendant', 'media.producerAdded').map((n) => n.notification)).toMatchObject([{ producer: { id: 'pr-w' } }]);
    // The expert, still waiting, neither had the witness’s media nor gets it now.
    expect(sentTo('expert', 'media.producerClosed')).toEqual([]);
    expect(sentTo('expert', 'media.producerAdded')).toEqual([]);
    d.clear();
    await d.service.moveToRoom(d.ref('judge'), d.people.witness.id, 'witness');
    expect(sentTo('witness', 'media.producerClosed').map((n) => n.notification)).toMatchObject([{ producerId: 'pr-d' }]);
    expect(sentTo('defendant', 'media.producerClosed').map((n) => n.notification)).toMatchObject([{ producerId: 'pr-w' }]);
    expect(sentTo('defendant', 'media.producerAdded')).toEqual([]);
    expect(sentTo('witness', 'media.producerAdded')).toEqual([]);
  });

  it('chat is not bound to rooms: the clerk writes to a witness waiting outside', async () => {
    const message = await d.service.sendChat(d.ref('clerk'), d.people.witness.id, 'Xin chờ, sắp đến lượt anh.');
    expect(message).toMatchObject({ toId: d.people.witness.id });
    expect(sentTo('witness', 'chat.message')).toHaveLength(1);
  });
});
