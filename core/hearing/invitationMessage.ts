// The words of an invitation sent to a person, Vietnamese first then English: who invites them, as
// what (their role), to which case and hearing, when (in the court's zone, GMT+7, whatever zone the
// server runs in), and their personal link. An email carries all of it; a text message the gist.
import { COURT_TIME_ZONE, ROLE_LABELS, courtZoneLabel } from '../lib/courtLocale.js';
import type { Role } from '../protocol/model.js';
import type { InvitationChannel } from './ports.js';

export interface InvitationWords {
  channel: InvitationChannel;
  court: string;
  displayName: string;
  role: Role;
  caseNumber: string;
  caseTitle: string;
  hearingTitle: string;
  scheduledAt: string;
  expiresAt: string;
  link: string;
}

const courtClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: COURT_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** `09:00 01/03/2025 (GMT+7)`: the time as the court's clock shows it, its zone named. */
export function courtTime(iso: string): string {
  const at = Date.parse(iso);
  const parts = courtClock.formatToParts(at);
  const n = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${n('hour')}:${n('minute')} ${n('day')}/${n('month')}/${n('year')} (${courtZoneLabel(at)})`;
}

export function invitationSubject(w: InvitationWords): string {
  return `Mời tham gia phiên tòa trực tuyến — Vụ án số ${w.caseNumber} / Invitation to an online court hearing — Case ${w.caseNumber}`;
}

export function invitationText(w: InvitationWords): string {
  const role = ROLE_LABELS[w.role];
  const when = courtTime(w.scheduledAt);
  const until = courtTime(w.expiresAt);
  if (w.channel === 'sms') {
    return (
      `${w.court}: mời ${w.displayName} (${role.vi}) tham gia phiên tòa trực tuyến, vụ án số ${w.caseNumber}, lúc ${when}. ` +
      `Đường dẫn riêng, không chuyển cho người khác: ${w.link} ` +
      `/ Online court hearing, case ${w.caseNumber}, ${when}, as ${role.en}. Your personal link, do not share it.`
    );
  }
  return [
    `Kính gửi ${w.displayName},`,
    '',
    `${w.court} mời Ông/Bà tham gia phiên tòa trực tuyến với tư cách ${role.vi}.`,
    `Vụ án số: ${w.caseNumber} — ${w.caseTitle}`,
    `Phiên tòa: ${w.hearingTitle}`,
    `Thời gian: ${when}`,
    `Đường dẫn tham gia dành riêng cho Ông/Bà (không chuyển cho người khác; có hiệu lực đến ${until}):`,
    w.link,
    '',
    '— English —',
    '',
    `Dear ${w.displayName},`,
    '',
    `${w.court} invites you to an online court hearing as ${role.en}.`,
    `Case no.: ${w.caseNumber} — ${w.caseTitle}`,
    `Hearing: ${w.hearingTitle}`,
    `Time: ${when}`,
    `Your personal link (do not share it; valid until ${until}):`,
    w.link,
    '',
  ].join('\n');
}
