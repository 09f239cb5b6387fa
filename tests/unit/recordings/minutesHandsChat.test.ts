// Raised hands, the judge's open-chat toggle and chat messages (Hands.ts, Chat.ts) appear in the
// minutes with their times, who to whom, and the text escaped like every other text there.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeDomain, type Domain } from '../../support/domain.js';
import { minutesOf } from '../../support/minutes.js';

let d: Domain;
beforeEach(async () => {
  d = await makeDomain();
  await d.seat('clerk', 'defendant', 'witness');
});
afterEach(() => d.close());

const minutes = () => minutesOf(d);

/** The one table section of the minutes, from its heading to the next. */
const section = (html: string) => html.slice(html.indexOf('Giơ tay phát biểu và tin nhắn'), html.indexOf('<h2>Kết nối'));

describe('the minutes: raised hands and messages', () => {
  it('list the hand raised and lowered by the judge, the chat toggle and each message, in order, named', async () => {
    await d.service.raiseHand(d.ref('defendant'));
    await d.service.lowerHand(d.ref('judge'), d.people.defendant.id);
    await d.service.sendChat(d.ref('defendant'), 'clerk', 'Tôi không nghe rõ');
    await d.service.sendChat(d.ref('clerk'), d.people.defendant.id, 'Đã chỉnh âm lượng');
    await d.service.setChatOpen(d.ref('judge'), true);
    const html = section(await minutes());
    const order = [
      'Giơ tay xin phát biểu',
      'Chủ tọa hạ',
      'Thư ký phiên tòa<span class="en">The clerk</span>',
      'Tôi không nghe rõ',
      'Đã chỉnh âm lượng',
      'Chủ tọa cho phép trao đổi chung',
    ].map((s) => html.indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html).toContain(`${d.people.defendant.displayName} <span class="role">`);
  });

  it('print a message’s markup as text, never as markup', async () => {
    await d.service.sendChat(d.ref('witness'), 'clerk', '<script>alert(1)</script> & "x"');
    const html = await minutes();
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(section(html)).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;');
  });

  it('say none when there was none', async () => {
    expect(section(await minutes())).toContain('Không có.');
  });
});
