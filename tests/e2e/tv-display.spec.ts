// The courtroom TV: a kiosk opened with a display token shows the hearing receive-only, follows the
// layout the judge chooses, and recovers by itself when the server process is restarted. The test
// runs its own server (tests/e2e/support/ownServer.ts) so it can stop and start it.
import { expect, request as playwrightRequest, test } from '@playwright/test';
import { ClerkApi, type Invitee } from './support/api.js';
import { KioskPage } from './support/kiosk.js';
import { OwnServer } from './support/ownServer.js';
import { JudgePage, ParticipantPage } from './support/pages.js';

const PORT = Number(process.env.VCOURT_E2E_TV_PORT ?? 18490);

test('TV: the kiosk shows the judge, follows the judge’s layout, and comes back by itself after a server restart', async ({ browser }) => {
  test.setTimeout(300_000);
  const server = new OwnServer(PORT, [50000, 50999]);
  await server.start();
  const api = await playwrightRequest.newContext({ baseURL: server.base });
  let pages: { close(): Promise<void> }[] = [];
  let kioskPage: KioskPage | null = null;
  try {
    const clerk = await ClerkApi.login(api);
    const { site } = await clerk.post<{ site: { id: string } }>('/api/sites', { name: 'Phòng xử án số 1', kind: 'courtroom' });
    const { token: displayToken } = await clerk.post<{ token: string }>(`/api/sites/${site.id}/devices`, { kind: 'display', name: 'TV' });
    const scheduleHearing = async (title: string, people: { displayName: string; role: Invitee['role'] }[]) => {
      const { case: kase } = await clerk.post<{ case: { id: string } }>('/api/cases', {
        number: `TV-${Date.now().toString(36)}/HS-ST`,
        title: 'Vụ án kiểm thử màn hình',
      });
      const { hearing } = await clerk.post<{ hearing: { id: string } }>('/api/hearings', {
        caseId: kase.id,
        title,
        scheduledAt: new Date().toISOString(),
        courtroomSiteId: site.id, // the courtroom's display is attached by itself
      });
      const invitees: Invitee[] = [];
      for (const person of people) invitees.push(await clerk.addParticipant(hearing.id, person));
      return { hearingId: hearing.id, invitees };
    };

    const kiosk = await KioskPage.open(browser, server.base, displayToken);
    pages.push(kiosk);
    kioskPage = kiosk;

    await test.step('with no hearing in the courtroom, the TV waits', async () => {
      await expect(kiosk.page.getByTestId('tv-waiting')).toBeVisible();
    });

    const first = await scheduleHearing('Phiên tòa sơ thẩm', [
      { displayName: 'Thẩm phán Nguyễn Văn An', role: 'judge' },
      { displayName: 'Bị cáo Trần Văn Bình', role: 'defendant' },
    ]);
    const [judgeWho, defendantWho] = first.invitees;
    if (!judgeWho || !defendantWho) throw new Error('expected an invitation for the judge and the defendant');
    const judge = await JudgePage.open(browser, judgeWho);
    const defendant = await ParticipantPage.open(browser, defendantWho);
    pages.push(judge, defendant);

    await test.step('the TV joins the hearing by itself and shows the judge large', async () => {
      await judge.enter();
      await judge.expectCourtroom();
      await judge.transition('open', 'open');
      await expect(kiosk.wall).toBeVisible();
      await expect(kiosk.page.getByTestId('hearing-state')).toHaveAttribute('data-state', 'open');
      await expect(kiosk.page.getByText('Phiên tòa sơ thẩm')).toBeVisible();
      await kiosk.expectVideoFrom(judgeWho.id, 'the judge');
      await expect(kiosk.mainTile()).toHaveAttribute('data-participant-id', judgeWho.id);
      await expect(kiosk.tile(judgeWho.id)).toContainText('Thẩm phán');
      await expect(kiosk.page.getByTestId('tv-clock')).toBeVisible();
      // The TV is no one's tile in the courtroom.
      await expect(judge.page.locator('[data-testid="tile"][data-role="device"]')).toHaveCount(0);
    });

    await test.step('the defendant is admitted and appears small on the TV', async () => {
      await defendant.enter();
      await judge.admit(defendantWho);
      await defendant.expectCourtroom();
      await expect(kiosk.tile(defendantWho.id)).toHaveAttribute('data-main', 'false');
      await kiosk.expectVideoFrom(defendantWho.id, 'the defendant');
    });

    await test.step('the judge puts the defendant on the TV, then everyone in a grid; the TV follows', async () => {
      const control = judge.panel.getByTestId('display-layout');
      await expect(control).toHaveAttribute('data-mode', 'speaker');
      await control.getByTestId('display-participant-select').selectOption(defendantWho.id);
      await control.getByTestId('display-mode-participant').click();
      await expect(control).toHaveAttribute('data-mode', 'participant');
      await expect(kiosk.wall).toHaveAttribute('data-mode', 'participant');
      await expect(kiosk.mainTile()).toHaveAttribute('data-participant-id', defendantWho.id);
      await control.getByTestId('display-mode-grid').click();
      await expect(kiosk.wall).toHaveAttribute('data-mode', 'grid');
      await expect(kiosk.mainTile()).toHaveCount(0);
      await expect(kiosk.page.getByTestId('tv-tile')).toHaveCount(2);
    });

    await test.step('the server process is stopped: the TV says it is reconnecting', async () => {
      await server.stop();
      await expect(kiosk.page.getByTestId('tv-reconnecting')).toBeVisible();
      await expect(judge.page.getByTestId('reconnecting-banner')).toBeVisible();
    });

    await test.step('the server is started again: the TV shows the judge again, nobody touching either page', async () => {
      await server.start();
      await expect(kiosk.page.getByTestId('tv-reconnecting')).toHaveCount(0, { timeout: 60_000 });
      await kiosk.expectVideoFrom(judgeWho.id, 'the judge after the restart');
      await kiosk.expectVideoFrom(defendantWho.id, 'the defendant after the restart');
      // The judge's choice outlived the process (read back from the audit log).
      await expect(kiosk.wall).toHaveAttribute('data-mode', 'grid');
      await judge.expectMediaFrom(defendantWho, { video: true });
    });

    await test.step('the TV never asked for a camera or a microphone', async () => {
      expect(await kiosk.getUserMediaCalls()).toBe(0);
    });

    await test.step('adjournment sends the TV back to waiting; the next hearing in the courtroom comes on by itself', async () => {
      await judge.page.getByTestId('transition-adjourn').click();
      await judge.page.getByTestId('transition-confirm').click();
      await expect(judge.page.getByTestId('ended-screen')).toBeVisible();
      await expect(kiosk.wall).toHaveCount(0);
      await expect(kiosk.page.getByTestId('tv-waiting')).toBeVisible();
      const next = await scheduleHearing('Phiên tòa tiếp theo', [{ displayName: 'Thẩm phán Lê Văn Cường', role: 'judge' }]);
      const [nextJudgeWho] = next.invitees;
      if (!nextJudgeWho) throw new Error('expected an invitation for the next judge');
      const nextJudge = await JudgePage.open(browser, nextJudgeWho);
      pages.push(nextJudge);
      await nextJudge.enter();
      await expect(kiosk.page.getByText('Phiên tòa tiếp theo')).toBeVisible();
      await kiosk.expectVideoFrom(nextJudgeWho.id, 'the next hearing’s judge');
      expect(await kiosk.getUserMediaCalls()).toBe(0);
    });
  } catch (error) {
    console.log(`own server log (tail):\n${server.log()}`);
    if (kioskPage) {
      console.log(`kiosk console:\n${kioskPage.console.slice(-40).join('\n')}`);
      const rtc = await kioskPage.page
        .evaluate(async () => {
          const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs;
          const out: unknown[] = [];
          for (const pc of pcs) {
            const stats: unknown[] = [];
            (await pc.getStats()).forEach((s) => {
              if (s.type === 'inbound-rtp' || s.type === 'transport') stats.push(s);
            });
            out.push({ state: pc.connectionState, ice: pc.iceConnectionState, stats });
          }
          const media = (
            window as unknown as { vcourt?: { session?: { media: { getSnapshot(): unknown } } } }
          ).vcourt?.session?.media.getSnapshot();
          return JSON.stringify({ out, media });
        })
        .catch((e) => String(e));
      console.log(`kiosk rtc: ${rtc}`);
      console.log(`kiosk DOM:\n${(await kioskPage.page.content().catch(() => '')).slice(0, 3000)}`);
    }
    throw error;
  } finally {
    await Promise.all(pages.map((p) => p.close().catch(() => {})));
    pages = [];
    await api.dispose();
    await server.dispose();
  }
});
