// Connection quality in the live hearing (core/hearing/LinkQuality.ts), fed samples the way the
// SFU's LinkSampler reports them (a linkStats media event every 5 s): the bench hears of a grade
// change at once and of the figures every 30 s; the audit log gets grade changes and, while a link
// stays poor, a summary at most once a minute; a browser's report completes the figures.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BENCH_REFRESH_MS, REPORT_TTL_MS, SUMMARY_MS } from '../../../core/hearing/LinkQuality.js';
import type { LinkFigures } from '../../../core/protocol/linkQuality.js';
import { InvalidStateError } from '../../../core/hearing/errors.js';
import { makeDomain, type Domain } from '../../support/domain.js';

const GOOD: LinkFigures = { rttMs: 40, lossPct: 0, downKbps: 1500, upKbps: null, sendLayer: 2, sendLayers: 3, recvLayer: 2 };
const FAIR: LinkFigures = { ...GOOD, rttMs: 600 };
const POOR: LinkFigures = { ...GOOD, lossPct: 15, sendLayer: 0 };
/** LinkSampler's period; SteppingClock adds a second per reading, so 4 s more make 5. */
const STEP_MS = 5000;

let d: Domain;
beforeEach(async () => {
  d = await makeDomain();
  await d.seat('defendant', 'witness');
  d.clear();
});
afterEach(() => d.close());

const sample = async (figures: LinkFigures, who: 'defendant' | 'witness' = 'defendant') => {
  d.clock.advance(STEP_MS - 1000);
  d.media.emit({ type: 'linkStats', hearingId: d.hearing.id, samples: [{ participantId: d.people[who].id, figures }] });
  await d.mediaSettled();
  return d.mediaSettled();
};
const told = () => d.notifications.filter((n) => n.notification.type === 'participant.quality');
const audited = async (type: 'participant.quality' | 'participant.quality_summary') =>
  (await d.store.audit.list(d.hearing.id)).filter((e) => e.type === type);

describe('LinkQuality: the bench and the record', () => {
  it('tells the bench (only the bench) the first grade with its figures, and writes no first "good"', async () => {
    await sample(GOOD);
    expect(told()).toEqual([
      {
        hearingId: d.hearing.id,
        audience: 'bench',
        notification: { type: 'participant.quality', participantId: d.people.defendant.id, grade: 'good', ...GOOD, at: expect.any(String) },
      },
    ]);
    expect(await audited('participant.quality')).toEqual([]);
  });

  it('worsens at once, improves only after two better readings in a row; each change is told and audited', async () => {
    await sample(GOOD);
    await sample(POOR);
    expect(told().map((n) => n.notification)).toMatchObject([{ grade: 'good' }, { grade: 'poor', lossPct: 15 }]);
    expect((await audited('participant.quality')).map((e) => e.data)).toEqual([
      { participantId: d.people.defendant.id, grade: 'poor', previous: 'good', ...POOR },
    ]);
    await sample(GOOD); // one better reading: not yet
    await sample(POOR);
    await sample(GOOD);
    expect(told()).toHaveLength(2);
    await sample(FAIR); // two better in a row, the worse of them counts
    expect(told().map((n) => n.notification)).toMatchObject([{ grade: 'good' }, { grade: 'poor' }, { grade: 'fair', rttMs: 600 }]);
    expect((await audited('participant.quality')).map((e) => [e.data.previous, e.data.grade])).toEqual([
      ['good', 'poor'],
      ['poor', 'fair'],
    ]);
  });

  it('refreshes the bench’s figures every 30 s while the grade holds, and audits nothing more', async () => {
    await sample(GOOD);
    const perRefresh = BENCH_REFRESH_MS / STEP_MS;
    for (let i = 0; i < perRefresh * 3; i++) await sample({ ...GOOD, rttMs: 40 + i });
    expect(told()).toHaveLength(4);
    expect([...(await audited('participant.quality')), ...(await audited('participant.quality_summary'))]).toEqual([]);
  });

  it('while poor, summarises the worst figures at most once a minute', async () => {
    await sample(POOR);
    const minutes = 3;
    for (let i = 0; i < (minutes * 60_000) / STEP_MS; i++) await sample({ ...POOR, rttMs: 40 + i });
    const summaries = await audited('participant.quality_summary');
    expect(summaries.length).toBeGreaterThanOrEqual(minutes - 1);
    expect(summaries.length).toBeLessThanOrEqual(minutes);
    const times = summaries.map((e) => Date.parse(e.at));
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(SUMMARY_MS);
    expect(summaries[0]!.data).toMatchObject({
      participantId: d.people.defendant.id,
      lossPct: 15,
      sendLayer: 0,
      samples: expect.any(Number),
    });
    // The worst round trip of the first minute's readings.
    expect(summaries[0]!.data.rttMs).toBeGreaterThan(40);
    expect(await audited('participant.quality')).toHaveLength(1);
  });

  it('merges a fresh browser report (its uplink estimate) and drops a stale one', async () => {
    await d.service.reportLinkQuality(d.ref('defendant'), { rttMs: null, lossPct: 1, upKbps: 300 });
    await sample(GOOD);
    expect(told().at(-1)!.notification).toMatchObject({ grade: 'fair', upKbps: 300, rttMs: 40 });
    d.clock.advance(REPORT_TTL_MS);
    await sample(GOOD);
    await sample(GOOD);
    expect(told().at(-1)!.notification).toMatchObject({ grade: 'good', upKbps: null });
  });

  it('refuses a report from someone not in the hearing, changing nothing', async () => {
    await d.service.join(d.ref('counsel'));
    const before = await d.dump();
    await expect(d.service.reportLinkQuality(d.ref('counsel'), { rttMs: 10, lossPct: 0, upKbps: 900 })).rejects.toThrow(InvalidStateError);
    expect(await d.dump()).toBe(before);
  });

  it('ignores samples of people not admitted to this hearing, and forgets whoever leaves the room', async () => {
    await d.service.join(d.ref('counsel')); // waiting in the lobby
    const other = await d.otherHearing();
    d.clock.advance(STEP_MS);
    d.media.emit({
      type: 'linkStats',
      hearingId: d.hearing.id,
      samples: [
        { participantId: d.people.counsel.id, figures: POOR },
        { participantId: other.defendant.id, figures: POOR },
      ],
    });
    await d.mediaSettled();
    expect(told()).toEqual([]);

    await sample(POOR);
    await sample(GOOD, 'witness'); // the defendant's media is gone from the room
    await sample(GOOD); // back: a fresh start, and a first "good" is not written
    expect(told().map((n) => n.notification)).toMatchObject([{ grade: 'poor' }, { grade: 'good' }, { grade: 'good' }]);
    expect((await audited('participant.quality')).map((e) => e.data.grade)).toEqual(['poor']);
  });

  it('gives a (re)joining bench the latest reading in its snapshot, and no one else', async () => {
    await sample(POOR);
    await sample({ ...POOR, rttMs: 90 });
    const bench = await d.service.join(d.ref('judge'));
    expect(bench.linkQuality).toEqual([
      { participantId: d.people.defendant.id, grade: 'poor', ...POOR, rttMs: 90, at: expect.any(String) },
    ]);
    expect((await d.service.join(d.ref('witness'))).linkQuality).toBeUndefined();
  });

  it('takes no reading after the adjournment (one that finished as the hearing ended)', async () => {
    await d.bringTo('adjourned');
    await sample(POOR);
    expect(told()).toEqual([]);
    expect(await audited('participant.quality')).toEqual([]);
  });

  it('grades nothing while no figure is known yet', async () => {
    await sample({ rttMs: null, lossPct: null, downKbps: null, upKbps: null, sendLayer: null, sendLayers: null, recvLayer: null });
    expect(told()).toEqual([]);
  });
});
