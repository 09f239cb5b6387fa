// The participant screens as people see them, in real Chromium at a laptop's and a phone's size:
// the equipment check with the court's rules, the lobby, the courtroom as the presiding judge and
// as the defendant with eight people in it, the suspension banner, a refusal with its reason, and
// an ended hearing's link. Each is checked with axe (WCAG 2 A/AA) and kept as screenshots; what a
// walk-through found wrong is asserted (self-view small, every tile above the controls, times in
// GMT+7, named videos, the reason shown, "ended" shown).
// Six of the eight join by signaling only (no camera, no browser): they are tiles with a name card.
// The courtroom's TV is attached as a display device, to see what the judge is offered for it.
import { expect, test, type Page } from '@playwright/test';
import { io, type Socket } from 'socket.io-client';
import type { Reply } from '../../core/protocol/signaling.js';
import { atBothSizes } from './support/a11y.js';
import { ClerkApi, type Invitee } from './support/api.js';
import { JudgePage, ParticipantPage } from './support/pages.js';

/** Someone who joins by signaling only: they wait in the lobby and, once admitted, have a tile. */
async function joinWithoutMedia(baseURL: string, who: Invitee): Promise<Socket> {
  const token = decodeURIComponent(new URL(who.url).hash.slice(1));
  const socket = io(baseURL, { path: '/socket.io', auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const reply = (await socket.timeout(10_000).emitWithAck('request', { type: 'join' })) as Reply;
  if (!reply.ok) throw new Error(`${who.displayName} could not join: ${JSON.stringify(reply.error)}`);
  return socket;
}

/** Every tile lies inside the window and above the controls; our own is not the biggest. */
async function expectWallFits(page: Page): Promise<void> {
  // Where the courtroom opens: the bench may have scrolled down to its panel (below the wall on a phone).
  await page.locator('.courtroom-body').evaluate((body) => body.scrollTo(0, 0));
  await expect
    .poll(
      async () =>
        page.evaluate(() => {
          const footer = document.querySelector('.courtroom-footer')?.getBoundingClientRect();
          const tiles = [...document.querySelectorAll<HTMLElement>('[data-testid="tile"]')].map((el) => ({
            self: el.dataset.self === 'true',
            box: el.getBoundingClientRect(),
          }));
          if (!footer || tiles.length === 0) return 'no courtroom yet';
          const outside = tiles.filter(
            ({ box }) => box.top < 0 || box.left < 0 || box.right > window.innerWidth + 1 || box.bottom > footer.top + 1,
          );
          if (outside.length > 0) return `${outside.length} of ${tiles.length} tiles outside the space above the controls`;
          const area = (box: DOMRect) => Math.round(box.width * box.height);
          const self = tiles.find((tile) => tile.self);
          const biggestOther = Math.max(...tiles.filter((tile) => !tile.self).map((tile) => area(tile.box)));
          if (self && area(self.box) >= biggestOther) return 'our own tile is the biggest';
          return 'fits';
        }),
      { message: 'the wall fits above the controls, our own camera small', timeout: 15_000 },
    )
    .toBe('fits');
}

test('the participant screens: accessible, fitted at 1366×768 and 390×844, and saying what they mean', async ({
  browser,
  request,
  baseURL,
}, testInfo) => {
  test.setTimeout(180_000);
  if (!baseURL) throw new Error('no baseURL');
  const clerk = await ClerkApi.login(request);
  const { hearingId, invitees } = await clerk.createHearing([
    { displayName: 'Thẩm phán Nguyễn Văn An', role: 'judge' },
    { displayName: 'Trần Văn Bình', role: 'defendant' },
    { displayName: 'Lê Thị Cúc', role: 'counsel' },
    { displayName: 'Phạm Minh Đức', role: 'prosecutor' },
    { displayName: 'Hoàng Thị Em', role: 'victim' },
    { displayName: 'Vũ Văn Giang', role: 'witness' },
    { displayName: 'Đỗ Thị Hà', role: 'expert' },
    { displayName: 'Ngô Văn Khải', role: 'interpreter' },
    { displayName: 'Bùi Văn Lâm', role: 'related_party' },
  ]);
  // The courtroom's TV: a display device, attached without a kiosk running (its row is what matters).
  const { site } = await clerk.post<{ site: { id: string } }>('/api/sites', { name: 'Phòng xử án số 2', kind: 'courtroom' });
  const { device } = await clerk.post<{ device: { id: string } }>(`/api/sites/${site.id}/devices`, { kind: 'display', name: 'TV' });
  const { participant: tv } = await clerk.post<{ participant: { id: string } }>(`/api/hearings/${hearingId}/devices`, {
    deviceId: device.id,
  });
  const [judgeWho, defendantWho, ...rest] = invitees;
  const guestsWho = rest.slice(0, 6);
  const refusedWho = rest[6]!;
  const judge = await JudgePage.open(browser, judgeWho);
  const defendant = await ParticipantPage.open(browser, defendantWho);
  const refused = await ParticipantPage.open(browser, refusedWho);
  const guests: Socket[] = [];
  try {
    await test.step('the equipment check, with the court rules and times in GMT+7', async () => {
      await judge.page.goto(judgeWho.url);
      const check = judge.page.getByTestId('equipment-check');
      await atBothSizes(judge.page, testInfo, 'equipment check', async () => {
        await expect(check.getByTestId('court-rules')).toBeVisible();
        await expect(check.locator('.hearing-info')).toContainText('GMT+7');
        await expect(check.getByTestId('preview-video')).toHaveAttribute('aria-label', 'Hình xem trước từ camera của bạn');
      });
      await judge.passEquipmentCheck();
      await judge.expectCourtroom();
      await judge.transition('open', 'open');
    });

    await test.step('the lobby; the bench on a phone sees that people wait and gets to the list', async () => {
      await Promise.all([defendant.enter(), refused.enter()]);
      await defendant.expectLobby();
      await refused.expectLobby();
      await atBothSizes(defendant.page, testInfo, 'lobby', async () => {
        await expect(defendant.page.getByTestId('lobby')).toBeVisible();
      });
      await judge.page.setViewportSize({ width: 390, height: 844 });
      const badge = judge.page.getByTestId('lobby-badge');
      await expect(badge).toContainText('2 người đang chờ');
      await expect(badge).toBeInViewport();
      await badge.click();
      await expect(judge.panel.locator(`[data-testid="lobby-entry"][data-participant-id="${defendantWho.id}"]`)).toBeInViewport();
      await judge.page.setViewportSize({ width: 1366, height: 768 });
    });

    await test.step('someone refused is shown the reason the judge gave', async () => {
      await judge.deny(refusedWho, 'Không có tên trong giấy triệu tập');
      await expect(refused.page.getByTestId('denied-screen')).toBeVisible();
      await expect(refused.page.getByTestId('end-reason')).toHaveText('Lý do: Không có tên trong giấy triệu tập');
      await atBothSizes(refused.page, testInfo, 'denied');
      await refused.close();
    });

    await test.step('eight people in session: every tile fits above the controls, the self-view is small', async () => {
      await judge.admit(defendantWho);
      await defendant.expectCourtroom();
      guests.push(...(await Promise.all(guestsWho.map((who) => joinWithoutMedia(baseURL, who)))));
      for (const who of guestsWho) await judge.admit(who);
      // The witness and the expert wait in the witness room until called in.
      for (const who of guestsWho.filter((g) => g.role === 'witness' || g.role === 'expert')) await judge.callIn(who);
      await judge.transition('start', 'in_session');
      await expect(defendant.page.getByTestId('tile')).toHaveCount(8);
      await expect(judge.page.getByTestId('tile')).toHaveCount(8);
      // Who and what each video is, for a screen reader.
      await expect(judge.tile(defendantWho.id).getByTestId('tile-video')).toHaveAttribute('aria-label', 'Trần Văn Bình — Bị cáo, camera');
      await expect(defendant.tile(judgeWho.id).getByTestId('tile-video')).toHaveAttribute(
        'aria-label',
        'Thẩm phán Nguyễn Văn An — Thẩm phán chủ tọa, camera',
      );
      // A TV shows only: nothing to mute, nobody to ask to leave.
      const tvRow = judge.panel.locator(`[data-testid="participant-row"][data-participant-id="${tv.id}"]`);
      await expect(tvRow).toBeVisible();
      await expect(tvRow.getByRole('button')).toHaveCount(0);
      await expect(judge.page.getByTestId('recording-indicator')).toHaveAttribute('data-state', 'recording');
      await expect(judge.page.getByTestId('recording-indicator')).toContainText(/Đang ghi · \d+ luồng ghi/);
      await atBothSizes(judge.page, testInfo, 'courtroom as the judge', () => expectWallFits(judge.page));
      await atBothSizes(defendant.page, testInfo, 'courtroom as the defendant', () => expectWallFits(defendant.page));
    });

    await test.step('a suspension: the bench is told it goes on when ready, the others to wait', async () => {
      await judge.transition('recess', 'recess');
      await expect(judge.page.getByTestId('recess-banner')).toHaveText('Phiên tòa đang tạm ngừng — tiếp tục khi sẵn sàng.');
      await expect(defendant.page.getByTestId('recess-banner')).toContainText('Vui lòng chờ Hội đồng xét xử tiếp tục');
      // The defendant's courtroom was checked in session; the banner is the same component, in other words.
      await atBothSizes(judge.page, testInfo, 'recess as the judge', () => expectWallFits(judge.page));
    });

    await test.step('after adjournment the link says the hearing has ended, with no way in', async () => {
      await judge.page.getByTestId('transition-adjourn').click();
      await judge.page.getByTestId('transition-confirm').click();
      await expect(defendant.page.getByTestId('ended-screen')).toBeVisible();
      const again = await defendant.context.newPage();
      await again.goto(defendantWho.url);
      await expect(again.getByTestId('ended-screen')).toBeVisible();
      await expect(again.getByTestId('ended-body')).toContainText('đã kết thúc');
      await expect(again.getByTestId('hearing-state')).toHaveAttribute('data-state', 'adjourned');
      await expect(again.getByTestId('equipment-check')).toHaveCount(0);
      await expect(again.getByTestId('continue-button')).toHaveCount(0);
      await atBothSizes(again, testInfo, 'ended link');
    });
  } finally {
    for (const socket of guests) socket.close();
    await Promise.all([judge.close(), defendant.close(), refused.close()]);
  }
});
