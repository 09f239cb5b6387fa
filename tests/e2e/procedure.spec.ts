// The procedure of a Vietnamese first-instance criminal hearing, end to end: the presiding judge
// takes a hearing with a procurator and a defendant through every stage (khai mạc, xét hỏi, a
// suspension, tranh luận, nghị án, tuyên án); its signed record starts at the opening and holds
// nothing of the suspension or the deliberation, and its minutes name each stage with its time.
// Then a hearing is postponed (hoãn) with a reason and rescheduled as a new hearing.
import { expect, test, type APIRequestContext } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatTime } from '../../recordings/Minutes.js';
import type { Manifest } from '../../recordings/RecordBundle.js';
import type { HearingStage, HearingView, ParticipantView } from '../../core/protocol/model.js';
import type { InvitationInfo } from '../../core/protocol/http.js';
import { E2E_DATA_DIR } from '../../playwright.config.js';
import { benchLink, ClerkApi } from './support/api.js';
import { probe } from './support/composite.js';
import { JudgePage, ParticipantPage } from './support/pages.js';

interface AuditEntry {
  type: string;
  at: string;
  data: Record<string, unknown>;
}

const SUSPENSION = 'Tạm ngừng để giám định bổ sung vật chứng';
const POSTPONEMENT = 'Người bào chữa của bị cáo vắng mặt vì lý do bất khả kháng';

/** Where the hearing is, as `page`'s state badge shows it. */
async function expectAt(who: ParticipantPage, state: string, stage: HearingStage | '' = ''): Promise<void> {
  await expect(who.page.getByTestId('hearing-state')).toHaveAttribute('data-state', state);
  await expect(who.page.getByTestId('hearing-state')).toHaveAttribute('data-stage', stage);
}

/**
 * The bench sees the record being captured, then lets `ms` of media reach it: a stage needs some
 * media seconds to be visible in the record. (These, and a second left to the suspension and to the
 * deliberation, are the only waits in this spec that are not conditions.)
 */
async function recordFor(judge: JudgePage, ms: number): Promise<void> {
  await expect(judge.page.getByTestId('recording-indicator')).toHaveAttribute('data-state', 'recording');
  await judge.page.waitForTimeout(ms);
}

async function expectNotRecording(judge: JudgePage): Promise<void> {
  await expect(judge.page.getByTestId('recording-indicator')).toHaveAttribute('data-state', 'paused');
}

async function auditOf(clerk: ClerkApi, hearingId: string): Promise<AuditEntry[]> {
  return (await clerk.get<{ events: AuditEntry[] }>(`/api/hearings/${hearingId}/audit`)).events;
}

/** The signed record once built (the archive API), read from its folder as a person checking it would. */
async function readyRecord(clerk: ClerkApi, hearingId: string): Promise<{ dir: string; manifest: Manifest; minutes: string }> {
  await expect
    .poll(
      async () => (await clerk.get<{ record: { status: string } | null }>(`/api/archive/hearings/${hearingId}/record`)).record?.status,
      { timeout: 90_000, message: 'record ready' },
    )
    .toBe('ready');
  const dir = join(E2E_DATA_DIR, 'recordings', hearingId, 'record');
  return {
    dir,
    manifest: JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest,
    minutes: readFileSync(join(dir, 'minutes.html'), 'utf8'),
  };
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The minutes' "course of the hearing" row of `event`: its time in the court zone, then its Vietnamese name. */
const minutesRow = (event: AuditEntry, vietnamese: string) =>
  new RegExp(`<tr><td>${escapeRe(formatTime(event.at))}</td><td>${escapeRe(vietnamese)}<span class="en">`);

const ms = (iso: string) => Date.parse(iso);
const overlapMs = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));

test('a criminal hearing through every stage: recorded from the opening, never in a suspension or the deliberation', async ({
  browser,
  request,
}) => {
  test.setTimeout(150_000);
  const clerk = await ClerkApi.login(request);
  const { hearingId, invitees } = await clerk.createHearing([
    { displayName: 'Thẩm phán Nguyễn Văn An', role: 'judge' },
    { displayName: 'Kiểm sát viên Phạm Thị Hoa', role: 'prosecutor' },
    { displayName: 'Bị cáo Trần Văn Bình', role: 'defendant' },
  ]);
  const [judgeWho, procuratorWho, defendantWho] = invitees;
  const judge = await JudgePage.open(browser, judgeWho);
  const procurator = await ParticipantPage.open(browser, procuratorWho);
  const defendant = await ParticipantPage.open(browser, defendantWho);

  try {
    // Preparing (chuẩn bị khai mạc): the judge opens, the parties are let in; nothing is recorded yet.
    await judge.enter();
    await judge.expectCourtroom();
    await judge.transition('open', 'open');
    await procurator.enter();
    await defendant.enter();
    await judge.admit(procuratorWho);
    await judge.admit(defendantWho);
    await judge.expectMediaFrom(procuratorWho);
    await judge.expectMediaFrom(defendantWho);
    await expect(judge.page.getByTestId('recording-indicator')).toHaveAttribute('data-state', 'stopped');

    // Khai mạc: recording starts.
    await judge.transition('start', 'in_session');
    await expectAt(defendant, 'in_session', 'opening');
    await recordFor(judge, 2000);

    // Xét hỏi, then a suspension with its reason (tạm ngừng): recording pauses.
    await judge.transition('examine', 'in_session');
    await expectAt(procurator, 'in_session', 'examination');
    await recordFor(judge, 2000);
    await judge.transition('recess', 'recess', SUSPENSION);
    await expectAt(defendant, 'recess', 'examination');
    await expectNotRecording(judge);
    await judge.page.waitForTimeout(1000); // a suspension of some length, so that the record can be seen to skip it

    // Resumed at the same stage, then tranh luận.
    await judge.transition('resume', 'in_session');
    await expectAt(defendant, 'in_session', 'examination');
    await recordFor(judge, 2000);
    await judge.transition('argue', 'in_session');
    await expectAt(procurator, 'in_session', 'arguments');
    await recordFor(judge, 2000);

    // Nghị án: the panel withdraws; nothing is recorded.
    await judge.transition('deliberate', 'deliberation');
    await expectAt(defendant, 'deliberation', 'arguments');
    await expectNotRecording(judge);
    await judge.page.waitForTimeout(1000);

    // Tuyên án, recorded to its end; then the hearing is closed.
    await judge.transition('pronounce', 'in_session');
    await expectAt(defendant, 'in_session', 'pronouncement');
    await recordFor(judge, 3000);
    await judge.endHearing('adjourn');
    await expect(defendant.page.getByTestId('ended-screen')).toBeVisible();
  } finally {
    await Promise.all([judge.close(), procurator.close(), defendant.close()]);
  }

  const { hearing } = await clerk.get<{ hearing: HearingView }>(`/api/hearings/${hearingId}`);
  expect(hearing).toMatchObject({ state: 'adjourned', stage: null, outcome: 'concluded' });

  const events = await auditOf(clerk, hearingId);
  const event = (type: string) => {
    const found = events.find((e) => e.type === type);
    if (!found) throw new Error(`no ${type} in the audit log`);
    return found;
  };
  const at = (type: string) => ms(event(type).at);
  expect(events.filter((e) => e.type.startsWith('hearing.') && e.type !== 'hearing.created').map((e) => e.type)).toEqual([
    'hearing.open',
    'hearing.start',
    'hearing.examine',
    'hearing.recess',
    'hearing.resume',
    'hearing.argue',
    'hearing.deliberate',
    'hearing.pronounce',
    'hearing.adjourn',
  ]);

  const { dir, manifest, minutes } = await readyRecord(clerk, hearingId);

  // The record's sessions are exactly the time in session: khai mạc to the suspension, the resumption
  // to the deliberation, and the pronouncement to the end.
  expect(manifest.sessions.map((s) => [ms(s.start), ms(s.end)])).toEqual([
    [at('hearing.start'), at('hearing.recess')],
    [at('hearing.resume'), at('hearing.deliberate')],
    [at('hearing.pronounce'), at('hearing.adjourn')],
  ]);
  const suspension = { start: at('hearing.recess'), end: at('hearing.resume') };
  const deliberation = { start: at('hearing.deliberate'), end: at('hearing.pronounce') };
  expect(manifest.timeInSessionMs).toBe(
    at('hearing.adjourn') - at('hearing.start') - (suspension.end - suspension.start) - (deliberation.end - deliberation.start),
  );

  // Every track's segments lie in the sessions: none before the opening, nothing from the
  // suspension or the deliberation, nothing after the end; and the pronouncement is captured.
  const segments = manifest.tracks.flatMap((t) =>
    t.segments.map((s) => ({ who: t.participantId, kind: t.kind, start: ms(s.start), end: s.end === null ? Infinity : ms(s.end) })),
  );
  expect(manifest.tracks.length).toBeGreaterThanOrEqual(6); // camera and microphone of each of the three
  for (const s of segments) {
    expect(s.start, 'no media before khai mạc').toBeGreaterThanOrEqual(at('hearing.start') - 100);
    expect(s.end, 'none after the end').toBeLessThanOrEqual(at('hearing.adjourn'));
    expect(overlapMs(s, suspension), 'nothing from the suspension').toBe(0);
    expect(overlapMs(s, deliberation), 'nothing from the deliberation').toBe(0);
  }
  for (const who of [judgeWho, procuratorWho, defendantWho]) {
    for (const session of manifest.sessions) {
      const span = { start: ms(session.start), end: ms(session.end) };
      expect(
        segments.some((s) => s.who === who.id && overlapMs(s, span) > 0),
        `${who.role} recorded in ${session.start}–${session.end}`,
      ).toBe(true);
    }
  }
  // A gap is a hole in the record while in session: the suspension and the deliberation are not
  // gaps (the record cuts its gaps to the sessions: recordings/sessionClip.ts).
  for (const gap of manifest.gaps) {
    const span = { start: ms(gap.start), end: gap.end === null ? Infinity : ms(gap.end) };
    expect(overlapMs(span, suspension) + overlapMs(span, deliberation), `gap ${JSON.stringify(gap)}`).toBe(0);
  }

  // The files agree: the composite lasts the time in session, and no track file holds more than its
  // segments (so no more than the time in session).
  const inSession = manifest.timeInSessionMs / 1000;
  const composite = probe(join(dir, 'composite.mp4'));
  expect(Math.abs(composite.duration - inSession), `composite ${composite.duration}s vs ${inSession}s in session`).toBeLessThanOrEqual(1.5);
  for (const track of manifest.tracks) {
    const listed = track.segments.reduce((sum, s) => sum + (ms(s.end!) - ms(s.start)), 0) / 1000;
    const { duration } = probe(join(dir, track.file));
    // No longer than its segments (each file lasts to its last frame's end: one frame, ≤ 40 ms, over
    // its wall-clock span); shorter where video waited for a key frame.
    expect(duration, `${track.file}: ${duration}s, its segments ${listed}s`).toBeLessThanOrEqual(
      listed + 0.1 + 0.05 * track.segments.length,
    );
    expect(duration).toBeLessThanOrEqual(inSession + 0.5);
  }

  // The minutes name each stage, in Vietnamese legal terms, at its time; the suspension with its reason.
  const stages: [string, string][] = [
    ['hearing.open', 'Chuẩn bị khai mạc phiên tòa'],
    ['hearing.start', 'Khai mạc phiên tòa'],
    ['hearing.examine', 'Xét hỏi'],
    ['hearing.recess', 'Tạm ngừng phiên tòa'],
    ['hearing.resume', 'Tiếp tục phiên tòa'],
    ['hearing.argue', 'Tranh luận'],
    ['hearing.deliberate', 'Nghị án'],
    ['hearing.pronounce', 'Tuyên án'],
    ['hearing.adjourn', 'Kết thúc phiên tòa'],
  ];
  for (const [type, name] of stages) expect(minutes, `${name} in the minutes`).toMatch(minutesRow(event(type), name));
  expect(minutes).toMatch(
    new RegExp(`${escapeRe('Tạm ngừng phiên tòa')}<span class="en">[^<]*</span></td><td>.*?</td><td>${escapeRe(SUSPENSION)}</td>`),
  );
  expect(minutes).toContain('Đã tuyên án');
});

test('a postponed hearing (hoãn): ended with its reason, shown to the defendant and in the minutes, and rescheduled', async ({
  browser,
  request,
}) => {
  test.setTimeout(120_000);
  const clerk = await ClerkApi.login(request);
  const { hearingId, invitees } = await clerk.createHearing([
    { displayName: 'Thẩm phán Nguyễn Văn An', role: 'judge' },
    { displayName: 'Bị cáo Trần Văn Bình', role: 'defendant' },
    { displayName: 'Luật sư Lê Thị Cúc', role: 'counsel' },
  ]);
  const [judgeWho, defendantWho] = invitees;
  const judge = await JudgePage.open(browser, judgeWho);
  const defendant = await ParticipantPage.open(browser, defendantWho);
  try {
    await judge.enter();
    await judge.expectCourtroom();
    await judge.transition('open', 'open');
    await defendant.enter();
    await judge.admit(defendantWho);
    await judge.expectMediaFrom(defendantWho);
    // Defence counsel has not come: at the opening the panel postpones the hearing.
    await judge.transition('start', 'in_session');
    await recordFor(judge, 2000);
    await judge.endHearing('postpone', POSTPONEMENT);
    await expect(defendant.page.getByTestId('ended-screen')).toBeVisible();
    await expect(defendant.page.getByTestId('end-reason')).toContainText(POSTPONEMENT);
  } finally {
    await Promise.all([judge.close(), defendant.close()]);
  }

  const { hearing } = await clerk.get<{ hearing: HearingView }>(`/api/hearings/${hearingId}`);
  expect(hearing).toMatchObject({ state: 'adjourned', stage: null, outcome: 'postponed' });
  const postponed = (await auditOf(clerk, hearingId)).find((e) => e.type === 'hearing.postpone');
  expect(postponed?.data).toMatchObject({ from: 'in_session', to: 'adjourned', outcome: 'postponed', reason: POSTPONEMENT });

  // The minutes say it was postponed, when and why.
  const { manifest, minutes } = await readyRecord(clerk, hearingId);
  expect(manifest.hearing.adjournedAt).toBe(postponed!.at);
  expect(minutes).toMatch(minutesRow(postponed!, 'Hoãn phiên tòa'));
  expect(minutes).toContain(`<td>${POSTPONEMENT}</td>`);
  expect(minutes).toMatch(/Kết quả<span class="en">Outcome<\/span><\/th><td>Hoãn phiên tòa<span class="en">Postponed/);

  // Rescheduled: a new hearing of the same case and people, to which the clerk sends new links.
  const scheduledAt = new Date(Date.now() + 7 * 24 * 3600_000).toISOString();
  const again = await clerk.post<{ hearing: HearingView; participants: ParticipantView[] }>(`/api/hearings/${hearingId}/reschedule`, {
    scheduledAt,
  });
  expect(again.hearing).toMatchObject({ caseId: hearing.caseId, state: 'scheduled', stage: null, outcome: null, scheduledAt });
  expect(again.hearing.id).not.toBe(hearingId);
  expect(again.participants.map((p) => p.role).sort()).toEqual(['counsel', 'defendant', 'judge']);
  expect((await clerk.raw('POST', `/api/hearings/${hearingId}/reschedule`, { scheduledAt })).status).toBe(409);

  const newDefendant = again.participants.find((p) => p.role === 'defendant')!;
  const { invitation } = await clerk.post<{ invitation: { token: string; url: string } }>(
    `/api/hearings/${again.hearing.id}/participants/${newDefendant.id}/invitation`,
    {},
  );
  const info = await invitationInfo(request, invitation.token);
  expect(info.hearing).toMatchObject({ id: again.hearing.id, state: 'scheduled' });
  expect(info.participant).toMatchObject({ id: newDefendant.id, role: 'defendant', displayName: defendantWho.displayName });
  // The presiding judge's seat stays bound to the judge's account: their link comes from their own sign-in.
  expect(await benchLink(request, judgeWho.judge!, again.hearing.id)).toContain('/join#');
});

async function invitationInfo(request: APIRequestContext, token: string): Promise<InvitationInfo> {
  const res = await request.get('/api/invitation', { headers: { authorization: `Bearer ${token}` } });
  expect(res.status()).toBe(200);
  return (await res.json()) as InvitationInfo;
}
