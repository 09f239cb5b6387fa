// Raise hand (core/hearing/Hands.ts) through HearingService, with the real SqliteStore(':memory:')
// and media faked by FakeMediaRoomPort: who may raise and lower, who sees the queue, and what the
// audit log (hence the minutes) keeps.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidStateError, PermissionDeniedError } from '../../../core/hearing/errors.js';
import type { Notification } from '../../../core/protocol/signaling.js';
import { makeDomain, type Domain } from '../../support/domain.js';

let d: Domain;
beforeEach(async () => {
  d = await makeDomain();
  await d.seat('clerk', 'assessor', 'defendant', 'witness', 'counsel', 'observer');
  d.clear();
});
afterEach(() => d.close());

type Queue = Extract<Notification, { type: 'hand.queue' }>;
const queues = () => d.notifications.filter((n): n is typeof n & { notification: Queue } => n.notification.type === 'hand.queue');
const lastTo = (audience: unknown) =>
  queues()
    .filter((n) => JSON.stringify(n.audience) === JSON.stringify(audience))
    .at(-1)?.notification.hands;
const auditOf = async (type: string) => (await d.store.audit.list(d.hearing.id)).filter((e) => e.type === type);

describe('raising a hand', () => {
  it('a defendant raises a hand: the bench sees the queue, the defendant their own hand, and it is audited', async () => {
    await d.service.raiseHand(d.ref('defendant'));
    const hand = { participantId: d.people.defendant.id, raisedAt: expect.any(String) };
    expect(lastTo('bench')).toEqual([hand]);
    expect(lastTo({ participantId: d.people.defendant.id })).toEqual([hand]);
    expect(queues().map((n) => n.audience)).not.toContain('admitted');
    expect(await auditOf('hand.raised')).toMatchObject([
      { actor: { kind: 'participant', participantId: d.people.defendant.id }, data: { participantId: d.people.defendant.id } },
    ]);
  });

  it('the queue keeps raise order and each raise time; raising again keeps one’s place', async () => {
    await d.service.raiseHand(d.ref('witness'));
    await d.service.raiseHand(d.ref('defendant'));
    await d.service.raiseHand(d.ref('witness'));
    const queue = lastTo('bench')!;
    expect(queue.map((h) => h.participantId)).toEqual([d.people.witness.id, d.people.defendant.id]);
    expect(Date.parse(queue[0]!.raisedAt)).toBeLessThan(Date.parse(queue[1]!.raisedAt));
    expect(await auditOf('hand.raised')).toHaveLength(2);
  });

  it('the rest of the panel and the clerk may raise a hand too; an observer may not', async () => {
    await d.service.raiseHand(d.ref('assessor'));
    await expect(d.service.raiseHand(d.ref('observer'))).rejects.toThrow(PermissionDeniedError);
    expect(await auditOf('hand.raised')).toHaveLength(1);
  });

  it('is refused to someone still waiting in the lobby, and after the hearing ended', async () => {
    await d.service.join(d.ref('victim'));
    await expect(d.service.raiseHand(d.ref('victim'))).rejects.toThrow(InvalidStateError);
    await d.bringTo('adjourned');
    await expect(d.service.raiseHand(d.ref('defendant'))).rejects.toThrow(InvalidStateError);
    expect(await auditOf('hand.raised')).toEqual([]);
  });
});

describe('lowering a hand', () => {
  beforeEach(async () => {
    await d.service.raiseHand(d.ref('defendant'));
    await d.service.raiseHand(d.ref('witness'));
    d.clear();
  });

  it('its owner lowers it: audited with cause "own"', async () => {
    await d.service.lowerHand(d.ref('defendant'));
    expect(lastTo('bench')!.map((h) => h.participantId)).toEqual([d.people.witness.id]);
    expect(lastTo({ participantId: d.people.defendant.id })).toEqual([]);
    expect((await auditOf('hand.lowered')).at(-1)).toMatchObject({ data: { participantId: d.people.defendant.id, cause: 'own' } });
  });

  it('the presiding judge lowers anyone’s (after giving the floor): audited as the judge’s act', async () => {
    await d.service.lowerHand(d.ref('judge'), d.people.witness.id);
    expect(lastTo('bench')!.map((h) => h.participantId)).toEqual([d.people.defendant.id]);
    expect(lastTo({ participantId: d.people.witness.id })).toEqual([]);
    expect((await auditOf('hand.lowered')).at(-1)).toMatchObject({
      actor: { participantId: d.people.judge.id },
      data: { participantId: d.people.witness.id, cause: 'judge' },
    });
  });

  it('nobody else lowers another’s hand: not the clerk, not another party; nothing changes', async () => {
    const before = await d.dump();
    await expect(d.service.lowerHand(d.ref('clerk'), d.people.witness.id)).rejects.toThrow(PermissionDeniedError);
    await expect(d.service.lowerHand(d.ref('defendant'), d.people.witness.id)).rejects.toThrow(PermissionDeniedError);
    expect(await d.dump()).toBe(before);
    expect(queues()).toEqual([]);
  });

  it('a hand already down: nothing to do, nothing audited', async () => {
    await d.service.lowerHand(d.ref('counsel'));
    await d.service.lowerHand(d.ref('judge'), d.people.counsel.id);
    expect(await auditOf('hand.lowered')).toEqual([]);
  });

  it('comes down when its owner leaves or is removed, audited as the system’s with the cause', async () => {
    await d.service.leave(d.ref('defendant'));
    await d.service.remove(d.ref('judge'), d.people.witness.id, 'Contempt of court');
    expect(lastTo('bench')).toEqual([]);
    expect(await auditOf('hand.lowered')).toMatchObject([
      { actor: { kind: 'system' }, data: { participantId: d.people.defendant.id, cause: 'left' } },
      { actor: { kind: 'system' }, data: { participantId: d.people.witness.id, cause: 'removed' } },
    ]);
  });

  it('stays up through a dropped connection (the owner is still in the hearing)', async () => {
    await d.service.disconnected(d.ref('defendant'));
    expect(await auditOf('hand.lowered')).toEqual([]);
  });

  it('all go with the end of the hearing (the end is in the record, not a line per hand)', async () => {
    await d.bringTo('adjourned');
    await d.service.leave(d.ref('defendant'));
    expect(await auditOf('hand.lowered')).toEqual([]);
    expect(queues()).toEqual([]);
  });
});

describe('the join snapshot', () => {
  it('gives the bench the whole queue and anyone else only their own hand', async () => {
    await d.service.raiseHand(d.ref('defendant'));
    await d.service.raiseHand(d.ref('witness'));
    const clerk = await d.service.join(d.ref('clerk'));
    expect(clerk.hands?.map((h) => h.participantId)).toEqual([d.people.defendant.id, d.people.witness.id]);
    const witness = await d.service.join(d.ref('witness'));
    expect(witness.hands?.map((h) => h.participantId)).toEqual([d.people.witness.id]);
    const counsel = await d.service.join(d.ref('counsel'));
    expect(counsel.hands).toEqual([]);
  });

  it('gives someone in the lobby nothing of it', async () => {
    await d.service.raiseHand(d.ref('defendant'));
    const waiting = await d.service.join(d.ref('victim'));
    expect(waiting.hands).toBeUndefined();
    expect(waiting.chat).toBeUndefined();
  });
});
