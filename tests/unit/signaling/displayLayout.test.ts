// `display.setLayout`: the judge chooses what the courtroom TV shows. Driven the way a socket
// drives it (the Request schema at the boundary, then the handler table) against the real domain
// on SQLite in memory; media is faked by FakeMediaRoomPort.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeviceRegistry } from '../../../core/hearing/DeviceRegistry.js';
import type { DomainError } from '../../../core/hearing/errors.js';
import type { ParticipantRecord } from '../../../core/hearing/types.js';
import { PERSON_ROLES, type PersonRole } from '../../../core/protocol/model.js';
import { Request } from '../../../core/protocol/signaling.js';
import { handlers } from '../../../server/signaling/handlers.js';
import { SecretBox } from '../../../server/secrets.js';
import { CLERK_ACCOUNT, makeDomain, type Domain } from '../../support/domain.js';

let d: Domain;
let tv: ParticipantRecord;

beforeEach(async () => {
  d = await makeDomain();
  const site = await d.caseFile.createSite('Phòng xử án số 1', 'courtroom');
  const devices = new DeviceRegistry(d.store, d.clock, SecretBox.withRandomKey());
  const display = await devices.register({ siteId: site.id, kind: 'display', name: 'TV' });
  tv = await devices.attach(CLERK_ACCOUNT, d.hearing.id, display.id);
  await d.seat('judge', 'clerk', 'defendant', 'counsel', 'observer');
  await d.service.join({ hearingId: d.hearing.id, participantId: tv.id });
  d.clear();
});
afterEach(() => d.close());

/** What a socket of `who` would get for this raw message: the schema first, then the handler. */
async function send(who: PersonRole | ParticipantRecord, raw: unknown): Promise<{ ok: true } | { ok: false; code: string }> {
  const parsed = Request.safeParse(raw);
  if (!parsed.success) return { ok: false, code: 'invalid_input' };
  if (parsed.data.type !== 'display.setLayout') throw new Error('not a display message');
  try {
    await handlers['display.setLayout']({ ref: d.ref(who), service: d.service, media: d.media }, parsed.data);
    return { ok: true };
  } catch (error) {
    return { ok: false, code: (error as DomainError).code };
  }
}

const layoutNotices = () => d.notifications.filter((n) => n.notification.type === 'display.layout');
const snapshotLayout = async (who: PersonRole | ParticipantRecord) => (await d.service.join(d.ref(who))).displayLayout;

describe('display.setLayout (real domain on SQLite; media faked)', () => {
  it('starts in speaker mode, and the TV gets the layout in its join snapshot', async () => {
    expect(await snapshotLayout(tv)).toEqual({ mode: 'speaker' });
  });

  it.each([{ mode: 'grid' }, { mode: 'speaker' }, { mode: 'participant', participantId: 'defendant' }] as const)(
    'lets the judge choose $mode: audited, told to everyone, in every snapshot',
    async (raw) => {
      const layout = raw.mode === 'participant' ? { mode: 'participant', participantId: d.people.defendant.id } : raw;
      expect(await send('judge', { type: 'display.setLayout', layout })).toEqual({ ok: true });
      expect(layoutNotices()).toEqual([
        { hearingId: d.hearing.id, audience: 'everyone', notification: { type: 'display.layout', layout } },
      ]);
      const event = (await d.store.audit.list(d.hearing.id)).at(-1)!;
      expect(event.type).toBe('display.layout');
      expect(event.data).toEqual({ layout });
      expect(event.actor).toMatchObject({ kind: 'participant', participantId: d.people.judge.id, role: 'judge' });
      expect(await snapshotLayout(tv)).toEqual(layout);
      expect(await snapshotLayout('defendant')).toEqual(layout);
    },
  );

  it.each(PERSON_ROLES.filter((r) => r !== 'judge'))('refuses the %s (forbidden); nothing changes', async (role) => {
    const before = await d.dump();
    expect(await send(role, { type: 'display.setLayout', layout: { mode: 'grid' } })).toEqual({ ok: false, code: 'forbidden' });
    expect(await d.dump()).toBe(before);
    expect(layoutNotices()).toEqual([]);
  });

  it('refuses the TV itself (forbidden)', async () => {
    expect(await send(tv, { type: 'display.setLayout', layout: { mode: 'grid' } })).toEqual({ ok: false, code: 'forbidden' });
    expect(await snapshotLayout('judge')).toEqual({ mode: 'speaker' });
  });

  describe('refuses a bad payload; nothing changes', () => {
    const bad: [string, unknown][] = [
      ['an unknown mode', { mode: 'pip' }],
      ['no layout', undefined],
      ['a layout as a string', 'grid'],
      ['participant mode without a participant', { mode: 'participant' }],
      ['a participant id that is not a string', { mode: 'participant', participantId: 7 }],
      ['a participant id of 65 characters', { mode: 'participant', participantId: 'x'.repeat(65) }],
      ['an extra key', { mode: 'grid', participantId: 'p-1' }],
    ];
    it.each(bad)('%s: invalid_input', async (_name, layout) => {
      await send('judge', { type: 'display.setLayout', layout: { mode: 'grid' } });
      d.clear();
      const before = await d.dump();
      expect(await send('judge', { type: 'display.setLayout', layout })).toEqual({ ok: false, code: 'invalid_input' });
      expect(await d.dump()).toBe(before);
      expect(layoutNotices()).toEqual([]);
      expect(await snapshotLayout(tv)).toEqual({ mode: 'grid' });
    });

    const targets: [string, () => Promise<string>, string][] = [
      ['someone unknown', () => Promise.resolve('no-such-participant'), 'not_found'],
      ['someone of another hearing', async () => (await d.otherHearing()).defendant.id, 'not_found'],
      [
        'someone not admitted',
        async () => (await d.caseFile.addParticipant(CLERK_ACCOUNT, d.hearing.id, { displayName: 'W', role: 'witness' })).id,
        'invalid_state',
      ],
      ['an observer (no picture)', () => Promise.resolve(d.people.observer.id), 'invalid_input'],
      ['the TV itself (no picture)', () => Promise.resolve(tv.id), 'invalid_input'],
    ];
    it.each(targets)('participant mode for %s: %s', async (_name, target, code) => {
      const participantId = await target();
      d.clear();
      const before = await d.dump();
      expect(await send('judge', { type: 'display.setLayout', layout: { mode: 'participant', participantId } })).toEqual({
        ok: false,
        code,
      });
      expect(await d.dump()).toBe(before);
      expect(layoutNotices()).toEqual([]);
    });
  });

  it('is refused once the hearing is adjourned', async () => {
    await d.bringTo('adjourned');
    expect((await send('judge', { type: 'display.setLayout', layout: { mode: 'grid' } })).ok).toBe(false);
  });

  it("survives a server restart: a new service reads the judge's last choice back from the audit log", async () => {
    const layout = { mode: 'participant', participantId: d.people.counsel.id } as const;
    await send('judge', { type: 'display.setLayout', layout });
    await send('judge', { type: 'display.setLayout', layout: { mode: 'bogus' } }); // refused: not the last choice
    const { HearingService } = await import('../../../core/hearing/HearingService.js');
    const restarted = new HearingService(d.store, d.media, d.clock);
    expect((await restarted.join({ hearingId: d.hearing.id, participantId: tv.id })).displayLayout).toEqual(layout);
  });
});
