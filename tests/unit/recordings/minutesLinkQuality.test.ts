// Poor connection quality in the minutes: the intervals read back from the audit log
// (recordings/poorLinks.ts) from the grade changes and summaries LinkQuality wrote, listed per
// participant with the worst figures, Vietnamese first with English subtitles.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LinkFigures } from '../../../core/protocol/linkQuality.js';
import { poorLinkIntervals } from '../../../recordings/poorLinks.js';
import { makeDomain, type Domain } from '../../support/domain.js';
import { minutesOf } from '../../support/minutes.js';

const GOOD: LinkFigures = { rttMs: 40, lossPct: 0, downKbps: 1500, upKbps: null, sendLayer: 2, sendLayers: 3, recvLayer: 2 };
const POOR: LinkFigures = { ...GOOD, lossPct: 12, downKbps: 900 };

let d: Domain;
beforeEach(async () => {
  d = await makeDomain();
  await d.seat('defendant', 'witness');
});
afterEach(() => d.close());

/** A sample 4 s after the last, handled before the next (the SFU reports them one at a time). */
const sample = async (who: 'defendant' | 'witness', figures: LinkFigures) => {
  d.clock.advance(4000);
  d.media.emit({ type: 'linkStats', hearingId: d.hearing.id, samples: [{ participantId: d.people[who].id, figures }] });
  await d.mediaSettled();
};
const minutes = async () => {
  await d.mediaSettled();
  return minutesOf(d);
};
const intervals = async () => {
  await d.mediaSettled();
  return poorLinkIntervals(await d.store.audit.list(d.hearing.id));
};

describe('the minutes and poor connection quality', () => {
  it('list each interval of poor quality, named, with its worst figures, Vietnamese first', async () => {
    await sample('defendant', GOOD);
    await sample('defendant', POOR);
    for (let i = 0; i < 14; i++) await sample('defendant', { ...POOR, rttMs: 100 + i * 50 }); // over a minute: a summary
    await sample('defendant', GOOD);
    await sample('defendant', GOOD); // better twice: the interval ends
    const [interval, ...more] = await intervals();
    expect(more).toEqual([]);
    expect(interval).toMatchObject({ participantId: d.people.defendant.id, to: expect.any(String), worst: { lossPct: 12 } });
    expect(interval!.worst.rttMs).toBeGreaterThanOrEqual(500); // from the summary, not the first poor reading

    const html = await minutes();
    expect(html).toContain('Chất lượng kết nối kém<span class="en">Poor connection quality</span>');
    const section = html.slice(html.indexOf('Chất lượng kết nối kém'), html.indexOf('Gián đoạn ghi âm'));
    expect(section).toContain(d.people.defendant.displayName);
    expect(section).toMatch(/RTT \d+ ms; mất gói 12%; băng thông 900 kbit\/s<span class="en">RTT \d+ ms; loss 12%; bitrate 900 kbit\/s/);
    expect(section).not.toContain(d.people.witness.displayName);
  });

  it('end an interval when the participant leaves, and keep one open until the log ends', async () => {
    await sample('defendant', POOR);
    await sample('witness', POOR);
    await d.service.leave(d.ref('witness'));
    expect((await intervals()).map((i) => [i.participantId, i.to === null])).toEqual([
      [d.people.defendant.id, true],
      [d.people.witness.id, false],
    ]);
    expect(await minutes()).toContain('đến hết nhật ký<span class="en">until the log ends</span>');
  });

  it('say "none" when quality was never poor', async () => {
    await sample('defendant', GOOD);
    const html = await minutes();
    const section = html.slice(html.indexOf('Chất lượng kết nối kém'), html.indexOf('Gián đoạn ghi âm'));
    expect(section).toContain('Không có.<span class="en">None.</span>');
  });
});
