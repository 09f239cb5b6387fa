// The rooms of a hearing in the browser, measured on the wire (getStats): a witness waits alone in
// the witness room and receives nothing while the courtroom's media flows, and the courtroom
// receives nothing of theirs; the clerk calls them in (media both ways within seconds) and sends
// them back (it stops). The presiding judge opens a private consultation for counsel and the
// defendant: they hear each other, the judge hears neither; ended, everyone is back. During a
// recess counsel asks for one and the judge grants it. The panel deliberates apart, the clerk only
// when the judge lets them in.
import { expect, test } from '@playwright/test';
import { ClerkApi, type Invitee } from './support/api.js';
import { expectAccessible } from './support/a11y.js';
import { JudgePage, ParticipantPage } from './support/pages.js';
import { RoomsPage, growthOver, inbound, packetsOver, tracksOf } from './support/roomsPage.js';

/** Packets that may still land after a move, over the measured window (in-flight RTP, one RTCP round). */
const STRAGGLERS = 5;

test('the witness room, calling in and sending back, and a private consultation', async ({ browser, request }, testInfo) => {
  // About two minutes on a quiet machine; five browsers on a busy 2-core one take longer.
  test.setTimeout(300_000);
  const api = await ClerkApi.login(request);
  const { invitees } = await api.createHearing([
    { displayName: 'Thẩm phán Nguyễn Văn An', role: 'judge' },
    { displayName: 'Thư ký Phạm Thị Dung', role: 'clerk' },
    { displayName: 'Bị cáo Trần Văn Bình', role: 'defendant' },
    { displayName: 'Luật sư Lê Thị Cúc', role: 'counsel' },
    { displayName: 'Người làm chứng Vũ Văn Giang', role: 'witness' },
  ]);
  const [judgeWho, clerkWho, defendantWho, counselWho, witnessWho] = invitees;
  const judge = await JudgePage.open(browser, judgeWho);
  const clerk = await ParticipantPage.open(browser, clerkWho);
  const defendant = await ParticipantPage.open(browser, defendantWho);
  const counsel = await ParticipantPage.open(browser, counselWho);
  const witness = await ParticipantPage.open(browser, witnessWho);
  const all = [judge, clerk, defendant, counsel, witness];
  await judge.page.setViewportSize({ width: 1366, height: 768 });
  await clerk.page.setViewportSize({ width: 1366, height: 768 });
  /** Packets arriving on `page` from tracks that play none of `known`: media from someone it should not receive. */
  const strangers = async (page: ParticipantPage, known: Invitee[]) => {
    const ours = (await Promise.all(known.map((who) => tracksOf(page.page, who)))).flat();
    const all = Object.keys((await inbound(page.page)).byTrack).filter((id) => !ours.includes(id));
    return packetsOver(page.page, { tracks: all });
  };

  try {
    await test.step('everyone comes in; the witness waits in the witness room', async () => {
      await judge.enter();
      await judge.expectCourtroom();
      await judge.transition('open', 'open');
      await clerk.enter();
      await clerk.expectCourtroom();
      for (const p of [defendant, counsel, witness]) {
        await p.enter();
        await judge.admit(p.who);
      }
      await defendant.expectCourtroom();
      await counsel.expectCourtroom();
      await witness.expectWitnessRoom();
      await expect(witness.page.getByTestId('witness-room')).toContainText('Bạn đang ở phòng chờ của người làm chứng');
      await expect(witness.page.getByTestId('tile')).toHaveCount(0);
      await expect(judge.row(witnessWho).getByTestId('room-badge')).toHaveAttribute('data-room', 'witness');
      await expectAccessible(witness.page, testInfo, 'the witness room');
      await witness.page.screenshot({ path: testInfo.outputPath('witness-room.png') });
    });

    await test.step('the witness receives nothing while the courtroom’s media flows, and sends the courtroom nothing', async () => {
      await defendant.expectMediaFrom(judgeWho);
      expect(await packetsOver(witness.page), 'packets reaching the witness room').toBe(0);
      expect((await inbound(witness.page)).total, 'packets the witness ever received').toBe(0);
      expect(
        await strangers(judge, [clerkWho, defendantWho, counselWho]),
        'packets the judge receives from outside the courtroom',
      ).toBeLessThanOrEqual(STRAGGLERS);
    });

    let witnessTracks: string[] = [];
    await test.step('the clerk calls the witness in: media flows both ways', async () => {
      await clerk.callIn(witnessWho);
      await witness.expectCourtroom();
      await witness.expectMediaFrom(judgeWho);
      await judge.expectMediaFrom(witnessWho);
      witnessTracks = await tracksOf(judge.page, witnessWho);
      expect(witnessTracks.length).toBeGreaterThan(0);
    });

    await test.step('the clerk sends the witness back: media stops both ways', async () => {
      const names = Object.fromEntries(
        (
          await Promise.all(
            [judgeWho, clerkWho, defendantWho, counselWho].map(async (who) =>
              (await tracksOf(witness.page, who)).map((id) => [id, who.role]),
            ),
          )
        ).flat(),
      );
      await clerk.sendBack(witnessWho);
      await witness.expectWitnessRoom();
      await expect(judge.tile(witnessWho.id)).toHaveCount(0);
      expect(await packetsOver(judge.page, { tracks: witnessTracks }), 'packets from the witness, sent back').toBeLessThanOrEqual(
        STRAGGLERS,
      );
      const reaching = await growthOver(witness.page);
      const from = Object.entries(reaching.byTrack).map(([id, n]) => `${names[id] ?? id}: ${n}`);
      expect(reaching.total, `packets reaching the witness, sent back (${from.join(', ')})`).toBeLessThanOrEqual(STRAGGLERS);
    });

    const rooms = new RoomsPage(judge);
    await test.step('the judge opens a consultation for counsel and the defendant: they hear each other, nobody else does', async () => {
      await counsel.expectMediaFrom(defendantWho);
      const fromPair = [...(await tracksOf(judge.page, counselWho)), ...(await tracksOf(judge.page, defendantWho))];
      const room = await rooms.openConsultation([counselWho, defendantWho]);
      expect(room).toMatch(/^consultation-\d+$/);
      for (const p of [counsel, defendant]) {
        await expect(p.page.getByTestId('consultation-room')).toContainText('không ghi âm, ghi hình');
        await expect(p.page.getByTestId('tile')).toHaveCount(2);
      }
      await counsel.expectMediaFrom(defendantWho);
      await defendant.expectMediaFrom(counselWho);
      await expectAccessible(counsel.page, testInfo, 'a private consultation as counsel');
      await expectAccessible(judge.page, testInfo, 'the rooms panel with a consultation open');
      await counsel.page.screenshot({ path: testInfo.outputPath('consultation-counsel.png') });
      await judge.page.screenshot({ path: testInfo.outputPath('consultation-judge.png') });
      expect(await packetsOver(judge.page, { tracks: fromPair }), 'packets the judge receives from the consultation').toBeLessThanOrEqual(
        STRAGGLERS,
      );
      expect(await strangers(counsel, [defendantWho]), 'packets counsel receives from outside the consultation').toBeLessThanOrEqual(
        STRAGGLERS,
      );
      await expect(judge.tile(counselWho.id)).toHaveCount(0);
      await expect(clerk.roomMember(counselWho, room)).toBeVisible();

      await rooms.endConsultation(room, [counselWho, defendantWho]);
      await counsel.expectCourtroom();
      await expect(counsel.page.getByTestId('consultation-room')).toHaveCount(0);
      await judge.expectMediaFrom(counselWho);
      await defendant.expectMediaFrom(judgeWho);
    });

    await test.step('during a recess counsel asks for a consultation; declined, asked again, granted; counsel returns', async () => {
      await judge.transition('start', 'in_session');
      await judge.transition('recess', 'recess');
      const counselRooms = new RoomsPage(counsel);
      await counselRooms.requestConsultation([defendantWho]);
      await rooms.decline(counselWho);
      await expect(counsel.page.getByTestId('consultation-request')).toHaveAttribute('data-pending', 'false');
      await counselRooms.requestConsultation([defendantWho]);
      await expect(counsel.page.getByTestId('consultation-request')).toContainText('Đã gửi yêu cầu');
      await expect(judge.page.getByTestId('consultation-request-entry')).toBeVisible();
      await judge.page.screenshot({ path: testInfo.outputPath('consultation-request-judge.png') });
      await rooms.grant(counselWho);
      await counselRooms.expectInConsultation();
      await defendant.expectMediaFrom(counselWho);
      await counsel.page.getByTestId('consultation-return').click();
      await counsel.expectCourtroom();
      await expect(counsel.page.getByTestId('consultation-room')).toHaveCount(0);
      await expect(judge.roomMember(defendantWho, 'courtroom')).toBeVisible();
    });

    await test.step('the panel deliberates apart; the judge admits the clerk, and sends them back', async () => {
      await judge.transition('resume', 'in_session');
      await judge.transition('examine', 'in_session');
      await judge.transition('argue', 'in_session');
      const judgeTracks = await tracksOf(defendant.page, judgeWho);
      await judge.transition('deliberate', 'deliberation');
      await expect(judge.page.getByTestId('deliberation-room')).toContainText('Phòng nghị án');
      await expect(defendant.page.getByTestId('deliberation-banner')).toBeVisible();
      await expect(defendant.tile(judgeWho.id)).toHaveCount(0);
      expect(await packetsOver(defendant.page, { tracks: judgeTracks }), 'packets from the deliberating judge').toBeLessThanOrEqual(
        STRAGGLERS,
      );
      await judge.roomMember(clerkWho, 'courtroom').getByTestId('room-admit-clerk').click();
      await expect(clerk.page.getByTestId('deliberation-room')).toBeVisible();
      await clerk.page.screenshot({ path: testInfo.outputPath('deliberation-clerk.png') });
      await clerk.expectMediaFrom(judgeWho);
      await judge.roomMember(clerkWho, 'deliberation').getByTestId('room-clerk-back').click();
      await expect(clerk.page.getByTestId('deliberation-room')).toHaveCount(0);
      await expect(clerk.page.getByTestId('deliberation-banner')).toBeVisible();
      await judge.transition('pronounce', 'in_session');
      await defendant.expectMediaFrom(judgeWho);
    });
  } finally {
    await Promise.all(all.map((p) => p.close()));
  }
});
