// minutes.html: the hearing's minutes as a printable A4 document, Vietnamese with English
// subtitles, built only from what the court recorded (the audit log, the participants, the
// recording gaps). Self-contained (inline CSS, no scripts, no remote fonts) so it opens and prints
// the same in twenty years; its bytes are covered by SHA256SUMS like every other file.
import { isAudit, type AuditEventOf, type AuditEventType } from '../core/hearing/auditEvents.js';
import type { AuditEvent, CaseRecord, HearingRecord, ParticipantRecord } from '../core/hearing/types.js';
import { courtZoneLabel, ROLE_LABELS } from '../core/lib/courtLocale.js';
import type { MediaKind, MediaSource } from '../core/protocol/model.js';
import { bi, CSS, esc, fact, formatDuration, formatTime, row, table } from './minutesHtml.js';
import { poorLinkIntervals, worstWords } from './poorLinks.js';
import {
  ATTENDANCE,
  ATTENDANCE_EVENTS,
  ATTESTED,
  CONNECTION_EVENTS,
  ID_KIND,
  EVENT,
  GAP_CAUSE,
  KIND,
  MUTE_EVENTS,
  TALK_EVENTS,
  HAND_CAUSE,
  CHAT_TO,
  OUTCOME,
  PRESENCE_EVENTS,
  WITH,
  roomWords,
  SOURCE,
  STATE_EVENTS,
  STATUS,
  role,
} from './minutesWords.js';
import type { Interval, RecordingGap } from './types.js';

export { formatDuration, formatTime } from './minutesHtml.js';

export interface MinutesInput {
  court: string;
  kase: CaseRecord;
  hearing: HearingRecord;
  participants: ParticipantRecord[];
  events: AuditEvent[];
  gaps: RecordingGap[];
  /** What each captured track is, so a gap names "microphone" rather than a track id. */
  tracks: { trackId: string; kind: MediaKind; source: MediaSource }[];
  sessions: Interval[];
  generatedAt: string;
  keyFingerprint: string;
}

export function renderMinutes(m: MinutesInput): string {
  const people = new Map(m.participants.map((p) => [p.id, p]));
  const who = (id: unknown): string => {
    const p = typeof id === 'string' ? people.get(id) : undefined;
    return p
      ? `${esc(p.displayName)} <span class="role">(${esc(ROLE_LABELS[p.role].vi)} / ${esc(ROLE_LABELS[p.role].en)})</span>`
      : esc(id ?? '—');
  };
  const actor = (e: AuditEvent): string =>
    e.actor.kind === 'participant'
      ? who(e.actor.participantId)
      : e.actor.kind === 'account'
        ? esc(e.actor.username)
        : bi(['Hệ thống', 'System']);
  const label = (e: AuditEvent): string => {
    const base = EVENT[e.type as AuditEventType] ?? [e.type, e.type];
    const kind = typeof e.data.kind === 'string' ? KIND[e.data.kind] : undefined;
    return kind ? bi([`${base[0]} (${kind[0]})`, `${base[1]} (${kind[1]})`]) : bi(base);
  };
  const trackOf = new Map(m.tracks.map((t) => [t.trackId, t]));
  const trackWords = (id: string | null): string => {
    if (id === null) return bi(['mọi luồng', 'every track']);
    const t = trackOf.get(id);
    return t ? bi(SOURCE[t.source]) : bi(['luồng không rõ', 'unknown track']);
  };
  const reason = (e: AuditEvent): string => (typeof e.data.reason === 'string' && e.data.reason ? esc(e.data.reason) : '');

  const eventsOf = <T extends AuditEventType>(types: readonly T[]) => m.events.filter((e): e is AuditEventOf<T> => isAudit(e, ...types));
  const inSessionMs = m.sessions.reduce((sum, s) => sum + (s.endMs - s.startMs), 0);
  const opened = m.events.find((e) => isAudit(e, 'hearing.start'))?.at;
  const ended = m.events.find((e) => isAudit(e, 'hearing.adjourn', 'hearing.postpone'));
  const adjourned = ended?.at;
  const head = m.events.at(-1)?.hash ?? '—';
  const zone = courtZoneLabel(Date.parse(m.generatedAt) || Date.now());

  const stateRows = eventsOf(STATE_EVENTS).map((e) => row([formatTime(e.at), label(e), actor(e), reason(e)]));
  // A move between rooms shows from where to where, a consultation who was in which room: times,
  // places and people only, never what was said.
  const names = (ids: unknown): string => (Array.isArray(ids) ? ids.map(who).join(', ') : '—');
  const presenceRows = eventsOf(PRESENCE_EVENTS).map((e) =>
    isAudit(e, 'consultation.opened', 'consultation.ended')
      ? row([formatTime(e.at), names(e.data.participantIds), label(e), actor(e), bi(roomWords(e.data.room))])
      : row([
          formatTime(e.at),
          who(e.data.participantId),
          label(e),
          actor(e),
          isAudit(e, 'room.moved')
            ? `${bi(roomWords(e.data.from))} → ${bi(roomWords(e.data.to))}`
            : isAudit(e, 'consultation.requested')
              ? `${bi(WITH)} ${names(e.data.withIds)}`
              : reason(e),
        ]),
  );
  // Identity numbers as the audit log holds them: masked (the whole number stays in the court's database).
  const idWords = (d: { kind: keyof typeof ID_KIND; number: string } | null, checked: boolean): string =>
    d ? `${bi(ID_KIND[d.kind])} ${esc(d.number)}${checked ? '' : bi([' (chưa đối chiếu)', ' (not checked)'])}` : '—';
  const attendanceRows = eventsOf(ATTENDANCE_EVENTS).map((e) =>
    isAudit(e, 'identity.attested')
      ? row([
          formatTime(e.at),
          who(e.data.participantId),
          `${bi(ATTESTED)} ${esc(e.data.siteName)}`,
          idWords(e.data.idDocument, true),
          `${esc(e.data.officer)}${e.data.verifiedBy ? ` · ${esc(e.data.verifiedBy)}` : ''}`,
          esc(e.data.note ?? ''),
        ])
      : row([
          formatTime(e.at),
          who(e.data.participantId),
          bi(ATTENDANCE[e.data.status]),
          idWords(e.data.idDocument, e.data.idChecked),
          `${actor(e)}${e.data.verifiedBy ? ` · ${esc(e.data.verifiedBy)}` : ''}`,
          reason(e),
        ]),
  );
  const muteRows = eventsOf(MUTE_EVENTS).map((e) => row([formatTime(e.at), who(e.data.participantId), label(e), actor(e)]));
  // Raised hands and chat: the text escaped like every other text here, its line breaks kept.
  const talkRows = eventsOf(TALK_EVENTS).map((e) =>
    isAudit(e, 'chat.message')
      ? row([
          formatTime(e.at),
          who(e.data.participantId),
          label(e),
          e.data.toId ? who(e.data.toId) : bi(CHAT_TO[e.data.to === 'clerk' ? 'clerk' : 'everyone']),
          `<span class="chat-text">${esc(e.data.text)}</span>`,
        ])
      : isAudit(e, 'hand.lowered')
        ? row([formatTime(e.at), who(e.data.participantId), label(e), bi(HAND_CAUSE[e.data.cause]), ''])
        : isAudit(e, 'hand.raised')
          ? row([formatTime(e.at), who(e.data.participantId), label(e), '—', ''])
          : row([formatTime(e.at), actor(e), label(e), '—', '']),
  );
  const connectionRows = eventsOf(CONNECTION_EVENTS).map((e) =>
    isAudit(e, 'server.stopped')
      ? // Written at the next start after a crash: the stop's own time is in the event.
        row([formatTime(e.data.at), '—', label(e), bi(GAP_CAUSE[e.data.cause])])
      : row([formatTime(e.at), 'participantId' in e.data && e.data.participantId ? who(e.data.participantId) : '—', label(e), reason(e)]),
  );
  // Connection quality: only the intervals it was poor (poorLinks.ts), with the worst figures seen.
  const poorRows = poorLinkIntervals(m.events).map((p) =>
    row([
      formatTime(p.from),
      p.to === null ? bi(['đến hết nhật ký', 'until the log ends']) : formatTime(p.to),
      who(p.participantId),
      bi(worstWords(p.worst)),
    ]),
  );
  const gapRows = m.gaps.map((g) =>
    row([
      formatTime(g.startMs),
      g.endMs === null ? bi(['chưa khôi phục', 'not recovered']) : formatTime(g.endMs),
      g.participantId ? who(g.participantId) : '—',
      trackWords(g.trackId),
      bi(GAP_CAUSE[g.cause] ?? [g.cause, g.cause]),
    ]),
  );
  const participantRows = m.participants.map((p) =>
    row([
      esc(p.displayName),
      bi(role(p.role)),
      bi(STATUS[p.status] ?? [p.status, p.status]),
      formatTime(m.events.find((e) => isAudit(e, 'participant.joined', 'lobby.admitted') && e.data.participantId === p.id)?.at),
    ]),
  );

  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>Biên bản phiên tòa — ${esc(m.kase.number)} — ${esc(m.hearing.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header class="masthead">
  <div class="court">${esc(m.court).toUpperCase()}</div>
  <div class="nation">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br><span class="motto">Độc lập - Tự do - Hạnh phúc</span></div>
</header>
<h1>BIÊN BẢN PHIÊN TÒA TRỰC TUYẾN<span class="en">Minutes of the online hearing</span></h1>
<p class="note">Lập tự động từ nhật ký kiểm tra của phiên tòa; giờ Việt Nam (${zone}).<span class="en">Generated from the hearing's audit log; times in Vietnam time (${zone}).</span></p>

<h2>Thông tin phiên tòa<span class="en">The hearing</span></h2>
<table class="facts">
${fact(['Tòa án', 'Court'], esc(m.court))}
${fact(['Số vụ án', 'Case number'], esc(m.kase.number))}
${fact(['Vụ án', 'Case'], esc(m.kase.title))}
${fact(['Phiên tòa', 'Hearing'], esc(m.hearing.title))}
${fact(['Thời gian dự kiến', 'Scheduled'], formatTime(m.hearing.scheduledAt))}
${fact(['Khai mạc', 'Opened'], formatTime(opened))}
${fact(['Kết thúc', 'Ended'], formatTime(adjourned))}
${ended?.data.outcome ? fact(['Kết quả', 'Outcome'], bi(OUTCOME[ended.data.outcome])) : ''}
${fact(['Thời gian xét xử', 'Time in session'], `${formatDuration(inSessionMs)} (${m.sessions.length} đoạn / sittings)`)}
${fact(['Mã phiên tòa', 'Hearing id'], `<code>${esc(m.hearing.id)}</code>`)}
</table>

<h2>Người tham gia<span class="en">Participants</span></h2>
${table(
  [
    ['Họ tên', 'Name'],
    ['Tư cách', 'Role'],
    ['Trạng thái cuối', 'Final status'],
    ['Vào phiên tòa lúc', 'Admitted at'],
  ],
  participantRows,
)}

<h2>Điểm danh, xác minh nhân thân<span class="en">Attendance and identity checks</span></h2>
${table(
  [
    ['Thời điểm', 'Time'],
    ['Người được triệu tập', 'Summoned person'],
    ['Kết quả', 'Result'],
    ['Giấy tờ tùy thân', 'Identity document'],
    ['Người thực hiện', 'By'],
    ['Lý do, ghi chú', 'Reason, note'],
  ],
  attendanceRows,
)}

<h2>Diễn biến phiên tòa<span class="en">Course of the hearing</span></h2>
${table(
  [
    ['Thời điểm', 'Time'],
    ['Sự kiện', 'Event'],
    ['Người thực hiện', 'By'],
    ['Lý do', 'Reason'],
  ],
  stateRows,
)}

<h2>Vào, rời và buộc rời phiên tòa<span class="en">Admissions, departures and removals</span></h2>
${table(
  [
    ['Thời điểm', 'Time'],
    ['Người tham gia', 'Participant'],
    ['Sự kiện', 'Event'],
    ['Người thực hiện', 'By'],
    ['Lý do', 'Reason'],
  ],
  presenceRows,
)}

<h2>Tắt micrô, camera<span class="en">Mutes</span></h2>
${table(
  [
    ['Thời điểm', 'Time'],
    ['Người tham gia', 'Participant'],
    ['Sự kiện', 'Event'],
    ['Người thực hiện', 'By'],
  ],
  muteRows,
)}

<h2>Giơ tay phát biểu và tin nhắn<span class="en">Raised hands and messages</span></h2>
${table(
  [
    ['Thời điểm', 'Time'],
    ['Người tham gia', 'Participant'],
    ['Sự kiện', 'Event'],
    ['Gửi đến / ghi chú', 'To / note'],
    ['Nội dung', 'Text'],
  ],
  talkRows,
)}

<h2>Kết nối<span class="en">Connections</span></h2>
${table(
  [
    ['Thời điểm', 'Time'],
    ['Người tham gia', 'Participant'],
    ['Sự kiện', 'Event'],
    ['Ghi chú', 'Note'],
  ],
  connectionRows,
)}

<h2>Chất lượng kết nối kém<span class="en">Poor connection quality</span></h2>
${table(
  [
    ['Từ', 'From'],
    ['Đến', 'To'],
    ['Người tham gia', 'Participant'],
    ['Số đo xấu nhất', 'Worst figures'],
  ],
  poorRows,
)}

<h2>Gián đoạn ghi âm, ghi hình<span class="en">Recording gaps</span></h2>
${table(
  [
    ['Từ', 'From'],
    ['Đến', 'To'],
    ['Người tham gia', 'Participant'],
    ['Luồng', 'Track'],
    ['Nguyên nhân', 'Cause'],
  ],
  gapRows,
)}

<footer>
<p>Nhật ký kiểm tra đầy đủ: <code>audit.jsonl</code> (${m.events.length} sự kiện, chuỗi băm SHA-256).<span class="en">Full audit log: audit.jsonl (${m.events.length} events, SHA-256 hash chain).</span></p>
<p>Mã băm cuối chuỗi / chain head: <code>${esc(head)}</code></p>
<p>Khóa ký của tòa án / court signing key (SHA-256): <code>${esc(m.keyFingerprint)}</code></p>
<p>Lập lúc / generated at: ${formatTime(m.generatedAt)}</p>
</footer>
</body>
</html>
`;
}
