// Rooms in the minutes (recordings/Minutes.ts): a witness called in, a private consultation asked
// for, opened and ended, and the panel's deliberation, with times, places and people, never content.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeDomain, type Domain } from '../../support/domain.js';
import { minutesOf } from '../../support/minutes.js';

let d: Domain;
beforeEach(async () => {
  d = await makeDomain();
  await d.seat('clerk', 'defendant', 'counsel', 'witness', 'panel_judge');
  await d.bringTo('in_session');
});
afterEach(() => d.close());

/** The presence table of the minutes, from its heading to the next. */
const presence = (html: string) => html.slice(html.indexOf('Vào, rời và buộc rời phiên tòa'), html.indexOf('<h2>Tắt micrô'));
const inOrder = (html: string, parts: string[]) => {
  const at = parts.map((p) => html.indexOf(p));
  expect(at.every((i) => i >= 0)).toBe(true);
  expect([...at].sort((a, b) => a - b)).toEqual(at);
};

describe('the minutes: rooms', () => {
  it('list a consultation asked for, opened and ended: who, which room, when', async () => {
    await d.service.transition(d.ref('judge'), 'recess', 'Nghỉ giải lao');
    await d.service.requestConsultation(d.ref('counsel'), [d.people.defendant.id]);
    await d.service.openConsultation(d.ref('judge'), [d.people.counsel.id, d.people.defendant.id]);
    await d.service.endConsultation(d.ref('counsel'), 'consultation-1');
    const rows = presence(await minutesOf(d))
      .split('<tr')
      .filter((r) => r.includes('trao đổi riêng'));
    expect(rows).toHaveLength(3);
    const [asked, opened, ended] = rows as [string, string, string];
    expect(asked).toContain('Đề nghị được trao đổi riêng');
    expect(asked).toContain(`với<span class="en">with</span> ${d.people.defendant.displayName}`);
    for (const row of [opened, ended]) {
      expect(row).toContain('Phòng trao đổi riêng số 1<span class="en">Consultation room 1</span>');
      expect(row).toContain(d.people.counsel.displayName);
      expect(row).toContain(d.people.defendant.displayName);
    }
    expect(opened).toContain('Bắt đầu trao đổi riêng');
    expect(ended).toContain('Kết thúc trao đổi riêng');
  });

  it('show a witness called in and sent back, from where to where', async () => {
    await d.service.moveToRoom(d.ref('judge'), d.people.witness.id, 'courtroom');
    await d.service.moveToRoom(d.ref('clerk'), d.people.witness.id, 'witness');
    inOrder(presence(await minutesOf(d)), [
      'Phòng chờ của người làm chứng<span class="en">Witness room</span> → Phòng xử án',
      'Phòng xử án<span class="en">Courtroom</span> → Phòng chờ của người làm chứng',
    ]);
  });

  it('list the clerk let into the deliberation room; the panel’s withdrawal is the deliberation itself', async () => {
    await d.service.transition(d.ref('judge'), 'examine');
    await d.service.transition(d.ref('judge'), 'argue');
    await d.service.transition(d.ref('judge'), 'deliberate');
    await d.service.moveToRoom(d.ref('judge'), d.people.clerk.id, 'deliberation');
    const html = await minutesOf(d);
    expect(presence(html)).toContain('Phòng xử án<span class="en">Courtroom</span> → Phòng nghị án');
    expect(html.indexOf('Nghị án')).toBeGreaterThan(0);
  });

  it('escape a name in a consultation row like any other text', async () => {
    const evil = '<b>Luật sư</b> & "X"';
    await d.store.participants.update({ ...(await d.participant('counsel')), displayName: evil });
    await d.service.openConsultation(d.ref('judge'), [d.people.counsel.id, d.people.defendant.id]);
    const html = presence(await minutesOf(d));
    expect(html).not.toContain('<b>Luật sư</b>');
    expect(html).toContain('&lt;b&gt;Luật sư&lt;/b&gt; &amp; &quot;X&quot;');
  });
});
