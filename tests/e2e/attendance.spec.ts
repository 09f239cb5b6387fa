// Attendance (điểm danh) before the opening: the judge opens the hearing for its preparation; an
// officer at the detention facility attests the defendant appearing from there; the clerk marks
// the defendant present (confirming the attested document) and a witness absent with a reason; the
// judge sees both, identity numbers masked, before starting the session.
import { expect, test } from '@playwright/test';
import { ClerkApi } from './support/api.js';
import { BenchPage, ParticipantPage, type JudgePage } from './support/pages.js';
import { addClerkSeat, addParticipantAt, AttendancePanel, createSiteOfficer, SitePage } from './support/sitePage.js';

const CCCD = { kind: 'cccd', number: '001203004567' } as const;

test('the clerk calls the attendance, a site officer attests the defendant, the judge sees both before opening', async ({
  browser,
  request,
}) => {
  const admin = await ClerkApi.login(request);
  const officer = await createSiteOfficer(admin, 'Trại tạm giam Chí Hòa', 'Cán bộ Trần Văn Bình');
  const { hearingId, invitees } = await admin.createHearing([
    { displayName: 'Thẩm phán Nguyễn Văn An', role: 'judge' },
    { displayName: 'Người làm chứng Hoàng Văn Em', role: 'witness' },
  ]);
  const [judgeWho, witness] = invitees;
  const clerkWho = await addClerkSeat(admin, request, hearingId, 'Thư ký Phạm Thị Dung');
  const defendant = await addParticipantAt(admin, hearingId, { displayName: 'Bị cáo Lê Văn Cường', role: 'defendant' }, officer.siteId);

  const bench = await BenchPage.open(browser);
  const clerk = await ParticipantPage.open(browser, clerkWho);
  const site = await SitePage.open(browser);
  let judge!: JudgePage;

  await test.step('the judge joins and opens the hearing (preparation: attendance)', async () => {
    if (!judgeWho.judge) throw new Error('the judge seat has no account');
    await bench.signIn(judgeWho.judge);
    judge = await bench.join(hearingId, judgeWho);
    await judge.passEquipmentCheck();
    await judge.expectCourtroom();
    await judge.transition('open', 'open');
    await expect(judge.page.getByTestId('attendance-panel')).toHaveClass(/prominent/);
  });

  await test.step('the site officer attests the defendant at the detention facility', async () => {
    await site.signIn(officer);
    await site.attest(hearingId, defendant, CCCD, 'Đối chiếu CCCD bản gốc');
  });

  const clerkPanel = new AttendancePanel(clerk.page);
  await test.step('the clerk marks the defendant present and the witness absent with a reason', async () => {
    await clerk.enter();
    await clerk.expectCourtroom();
    await clerkPanel.expectVisible();
    await expect(clerkPanel.entry(defendant).getByTestId('attendance-attested')).toContainText('Cán bộ Trần Văn Bình');
    await clerkPanel.markPresent(defendant);
    await clerkPanel.markAbsent(witness, 'Ốm, có giấy xác nhận của bệnh viện');
  });

  await test.step('the judge sees both before starting the session, numbers masked', async () => {
    const panel = new AttendancePanel(judge.page);
    await panel.expectVisible();
    await expect(panel.entry(witness)).toHaveAttribute('data-status', 'absent');
    await expect(panel.entry(witness).getByTestId('attendance-reason')).toContainText('Ốm, có giấy xác nhận của bệnh viện');
    await expect(panel.entry(defendant)).toHaveAttribute('data-status', 'present');
    await expect(panel.entry(defendant).getByTestId('attendance-attested')).toContainText('Trại tạm giam Chí Hòa');
    await expect(panel.entry(defendant).getByTestId('attendance-id')).toContainText('***4567');
    await expect(judge.page.getByText(CCCD.number)).toHaveCount(0);
    await judge.expectState('open');
  });

  await site.close();
  await clerk.close();
  await bench.close();
});
