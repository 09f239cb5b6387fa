// The equipment check in the domain: HearingService.recordCheck audits the check, grades the
// figures itself, shows the result to the bench beside a waiting participant (and to no one else),
// and refuses whoever may no longer take part, changing nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_CHECKS_PER_PARTICIPANT } from '../../../core/hearing/EquipmentChecks.js';
import type { EquipmentCheckReport } from '../../../core/protocol/equipmentCheck.js';
import { makeDomain } from '../../support/domain.js';

type Domain = Awaited<ReturnType<typeof makeDomain>>;
let d: Domain;
beforeEach(async () => {
  d = await makeDomain();
});
afterEach(() => d.close());

const WEAK: EquipmentCheckReport = {
  network: { connected: true, rttMs: 650, lossPct: 1, uplinkKbps: 900 },
  micOk: true,
  speakerOk: true,
  camera: true,
};

describe('HearingService.recordCheck', () => {
  it('audits the check, graded by the server from the figures', async () => {
    const check = await d.service.recordCheck(d.ref('defendant'), WEAK);
    expect(check.network?.grade).toBe('weak');
    const event = (await d.store.audit.list(d.hearing.id)).at(-1)!;
    expect(event).toMatchObject({
      type: 'participant.checked',
      actor: { kind: 'participant', participantId: d.people.defendant.id },
      data: { participantId: d.people.defendant.id, grade: 'weak', rttMs: 650, lossPct: 1, uplinkKbps: 900, micOk: true, speakerOk: true },
    });
  });

  it('shows the bench a waiting participant’s check, in the join snapshot and as it changes', async () => {
    await d.seat();
    await d.service.join(d.ref('defendant'));
    d.clear();
    await d.service.recordCheck(d.ref('defendant'), { ...WEAK, micOk: false });
    const update = d.notifications.find((n) => n.notification.type === 'participant.updated');
    expect(update?.audience).toBe('bench');
    expect(update?.notification).toMatchObject({ participant: { id: d.people.defendant.id, check: { micOk: false } } });
    const { lobby } = await d.service.join(d.ref('clerk'));
    expect(lobby.find((p) => p.id === d.people.defendant.id)?.check).toMatchObject({ network: { grade: 'weak' }, micOk: false });
  });

  it('keeps the check from everyone but the bench once the participant is admitted', async () => {
    await d.service.recordCheck(d.ref('defendant'), WEAK);
    await d.seat('defendant');
    const toEveryone = d.notifications.filter((n) => n.audience === 'admitted' && n.notification.type === 'participant.updated');
    expect(toEveryone.length).toBeGreaterThan(0);
    for (const n of toEveryone) expect(n.notification).not.toHaveProperty('participant.check');
  });

  it('refuses a denied participant and changes nothing', async () => {
    await d.seat();
    await d.service.join(d.ref('witness'));
    await d.service.deny(d.ref('judge'), d.people.witness.id, 'Chưa đến lượt');
    const before = await d.dump();
    await expect(d.service.recordCheck(d.ref('witness'), WEAK)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(d.service.ensureMayCheck(d.ref('witness'))).rejects.toThrow(/denied/);
    expect(await d.dump()).toBe(before);
  });

  it('refuses checks once the hearing has ended', async () => {
    await d.seat();
    await d.bringTo('adjourned');
    await expect(d.service.recordCheck(d.ref('defendant'), WEAK)).rejects.toMatchObject({ code: 'invalid_state' });
  });

  it(`bounds the record: at most ${MAX_CHECKS_PER_PARTICIPANT} checks per participant`, async () => {
    for (let i = 0; i < MAX_CHECKS_PER_PARTICIPANT; i++) await d.service.recordCheck(d.ref('counsel'), WEAK);
    const before = await d.dump();
    await expect(d.service.recordCheck(d.ref('counsel'), WEAK)).rejects.toMatchObject({ code: 'quota_exceeded' });
    expect(await d.dump()).toBe(before);
  });
});
