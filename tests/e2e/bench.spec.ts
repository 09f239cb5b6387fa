// The bench proves who it is: the clerk binds the judge's seat to a judge account and
// gets no link for it, cannot make one afterwards, and no one but that judge's own sign-in opens
// the seat. When the judge signs out the link stops working, and the courtroom page offers /bench.
import { expect, test, type APIRequestContext } from '@playwright/test';
import { ClerkApi, judgeSignIn } from './support/api.js';
import { BenchPage } from './support/pages.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const tokenOf = (url: string) => decodeURIComponent(new URL(url).hash.slice(1));

async function invitationStatus(request: APIRequestContext, url: string) {
  const res = await request.get('/api/invitation', { headers: bearer(tokenOf(url)) });
  return { status: res.status(), body: (await res.json()) as { error?: { details?: { reason?: string } } } };
}

test('a clerk cannot produce a working judge link; the judge’s own sign-in can, until it ends', async ({ page, request }) => {
  const clerk = await ClerkApi.login(request);
  const { hearingId } = await clerk.createHearing([{ displayName: 'Bị cáo Trần Văn Bình', role: 'defendant' }]);
  const seats = `/api/hearings/${hearingId}/participants`;

  await test.step('a judge seat without a judge account is refused', async () => {
    expect((await clerk.raw('POST', seats, { displayName: 'Thẩm phán Nguyễn Văn An', role: 'judge' })).status).toBe(400);
  });

  const judge = await clerk.createJudgeAccount('Thẩm phán Nguyễn Văn An');
  const added = await clerk.raw<{ participant: { id: string }; invitation: unknown }>('POST', seats, {
    displayName: 'Thẩm phán Nguyễn Văn An',
    role: 'judge',
    accountId: judge.id,
  });

  await test.step('the clerk binds the seat and gets no link for it, nor can ask for one', async () => {
    expect(added.status).toBe(201);
    expect(added.body.invitation).toBeNull();
    expect((await clerk.raw('POST', `${seats}/${added.body.participant.id}/invitation`, {})).status).toBe(403);
  });

  await test.step('one presiding judge per hearing', async () => {
    const other = await clerk.createJudgeAccount('Thẩm phán Lê Văn Cường');
    expect((await clerk.raw('POST', seats, { displayName: 'Thẩm phán Lê Văn Cường', role: 'judge', accountId: other.id })).status).toBe(
      409,
    );
    // Nor does another judge's sign-in, or the clerk's (admin's) own, open this seat.
    const otherToken = await judgeSignIn(request, other);
    expect((await request.post(`/api/bench/hearings/${hearingId}/join`, { headers: bearer(otherToken) })).status()).toBe(403);
    expect((await clerk.raw('POST', `/api/bench/hearings/${hearingId}/join`)).status).toBe(403);
  });

  const judgeToken = await judgeSignIn(request, judge);
  const join = await request.post(`/api/bench/hearings/${hearingId}/join`, { headers: bearer(judgeToken) });
  expect(join.status()).toBe(201);
  const { invitation } = (await join.json()) as { invitation: { url: string } };

  await test.step('the judge’s own sign-in lists the hearing and its link works', async () => {
    const list = await request.get('/api/bench/hearings', { headers: bearer(judgeToken) });
    expect(((await list.json()) as { hearings: { hearingId: string }[] }).hearings.map((h) => h.hearingId)).toContain(hearingId);
    expect((await invitationStatus(request, invitation.url)).status).toBe(200);
  });

  await test.step('signing out ends the link; the courtroom page offers the bench’s sign-in', async () => {
    expect((await request.post('/api/auth/logout', { headers: bearer(judgeToken) })).status()).toBe(204);
    const after = await invitationStatus(request, invitation.url);
    expect(after.status).toBe(401);
    expect(after.body.error?.details?.reason).toBe('bench_sign_in');
    await page.goto(invitation.url);
    await expect(page.getByTestId('error-screen')).toBeVisible();
    await page.getByRole('link', { name: 'Đăng nhập lại' }).click();
    await expect(page).toHaveURL(/\/bench$/);
    await expect(page.getByTestId('bench-login')).toBeVisible();
  });
});

test('the judge joins from /bench; when that sign-in ends, the courtroom closes and offers the sign-in again', async ({
  browser,
  request,
}) => {
  const clerk = await ClerkApi.login(request);
  const { hearingId, invitees } = await clerk.createHearing([{ displayName: 'Thẩm phán Nguyễn Văn An', role: 'judge' }]);
  const [judgeWho] = invitees;
  if (!judgeWho.judge) throw new Error('the judge seat has no account');
  const bench = await BenchPage.open(browser);
  try {
    await bench.signIn(judgeWho.judge);
    const judge = await bench.join(hearingId, judgeWho);
    await judge.passEquipmentCheck();
    await judge.expectCourtroom();
    // The sign-in this tab made at /bench ends (as when the judge signs out from another tab).
    const token = await judge.page.evaluate(
      () => (JSON.parse(sessionStorage.getItem('vcourt.staff') ?? 'null') as { token: string }).token,
    );
    expect((await request.post('/api/auth/logout', { headers: bearer(token) })).status()).toBe(204);
    await expect(judge.page.getByTestId('error-screen')).toBeVisible();
    await judge.page.getByRole('link', { name: 'Đăng nhập lại' }).click();
    await expect(judge.page.getByTestId('bench-login')).toBeVisible();
    await expect(judge.page.getByTestId('bench-notice')).toBeVisible();
  } finally {
    await bench.close();
  }
});

test('the clerk of the hearing opens their seat from /bench too, and sits on the bench without waiting', async ({ browser, request }) => {
  const clerk = await ClerkApi.login(request);
  const { hearingId, invitees } = await clerk.createHearing([
    { displayName: 'Thẩm phán Nguyễn Văn An', role: 'judge' },
    { displayName: 'Thư ký Đỗ Thị Lan', role: 'clerk' },
  ]);
  const [, clerkWho] = invitees;
  if (!clerkWho.judge) throw new Error('the clerk seat has no account');
  const bench = await BenchPage.open(browser);
  try {
    await bench.signIn(clerkWho.judge);
    await expect(bench.hearing(hearingId).getByTestId('bench-seat')).toHaveText('Thư ký phiên tòa');
    const seat = await bench.join(hearingId, clerkWho);
    await seat.passEquipmentCheck();
    await seat.expectCourtroom();
  } finally {
    await bench.close();
  }
});
