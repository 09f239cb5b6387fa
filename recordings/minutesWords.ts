// The words of the minutes, Vietnamese with English subtitles: what each audit event, gap cause,
// status and source is called, and which events each table of minutes.html lists (Minutes.ts).
import type { AuditEventType, TransitionEventType } from '../core/hearing/auditEvents.js';
import { ROLE_LABELS } from '../core/lib/courtLocale.js';
import type { HearingOutcome, MediaSource, Role, RoomId } from '../core/protocol/model.js';
import type { RecordingGap } from './types.js';
import type { AttendanceStatus, IdDocumentKind } from '../core/protocol/attendance.js';
import { consultationNumber, type ConsultationRoomId } from '../core/protocol/rooms.js';

/** [Vietnamese, English] */
export type Bi = readonly [string, string];

export const role = (r: Role): Bi => [ROLE_LABELS[r].vi, ROLE_LABELS[r].en];

export const EVENT: { readonly [T in AuditEventType]?: Bi } = {
  'hearing.created': ['Lên lịch phiên tòa', 'Hearing scheduled'],
  'hearing.open': ['Chuẩn bị khai mạc phiên tòa', 'Preparing to open'],
  'hearing.start': ['Khai mạc phiên tòa', 'Hearing opened'],
  'hearing.examine': ['Xét hỏi', 'Examination'],
  'hearing.argue': ['Tranh luận', 'Arguments'],
  'hearing.deliberate': ['Nghị án', 'Deliberation'],
  'hearing.pronounce': ['Tuyên án', 'Pronouncement of the judgment'],
  'hearing.recess': ['Tạm ngừng phiên tòa', 'Hearing suspended'],
  'hearing.resume': ['Tiếp tục phiên tòa', 'Hearing resumed'],
  'hearing.adjourn': ['Kết thúc phiên tòa', 'Hearing closed'],
  'hearing.postpone': ['Hoãn phiên tòa', 'Hearing postponed'],
  'hearing.rescheduled': ['Đã lên lịch mở lại phiên tòa', 'Rescheduled'],
  'participant.joined': ['Vào phiên tòa', 'Joined'],
  'lobby.entered': ['Vào phòng chờ', 'Entered the lobby'],
  'lobby.admitted': ['Được cho vào phiên tòa', 'Admitted'],
  'lobby.denied': ['Bị từ chối cho vào', 'Denied admission'],
  'participant.left': ['Rời phiên tòa', 'Left'],
  'participant.removed': ['Bị buộc rời phiên tòa', 'Removed'],
  'participant.muted': ['Bị Thẩm phán tắt', 'Muted by the judge'],
  'participant.unmuted': ['Được Thẩm phán bật lại', 'Mute lifted by the judge'],
  'participant.muted_all': ['Thẩm phán tắt micrô của tất cả, trừ Hội đồng xét xử và Thư ký', 'All but the bench muted by the judge'],
  'participant.screen_allowed': ['Thẩm phán cho phép / thu hồi quyền chia sẻ màn hình', 'Screen sharing allowed or withdrawn by the judge'],
  'participant.connected': ['Kết nối lại', 'Reconnected'],
  'participant.disconnected': ['Mất kết nối', 'Connection lost'],
  'media.reset': ['Khôi phục đường truyền', 'Media rebuilt'],
  'participant.media_lost': ['Mất kết nối hình/tiếng', 'Media lost'],
  'participant.media_back': ['Có lại hình/tiếng', 'Media back'],
  'server.stopped': ['Máy chủ ngừng hoạt động', 'Server stopped'],
  'server.started': ['Máy chủ hoạt động trở lại', 'Server back up'],
  'server.took_over': ['Máy chủ khác tiếp nhận phiên tòa', 'Another server took the hearing over'],
  'hand.raised': ['Giơ tay xin phát biểu', 'Raised a hand'],
  'hand.lowered': ['Hạ tay', 'Hand lowered'],
  'chat.message': ['Tin nhắn', 'Message'],
  'chat.opened': ['Chủ tọa cho phép trao đổi chung', 'Open chat allowed by the presiding judge'],
  'chat.closed': ['Chủ tọa đóng trao đổi chung', 'Open chat closed by the presiding judge'],
  'room.moved': ['Chuyển phòng', 'Moved to another room'],
  'consultation.opened': ['Bắt đầu trao đổi riêng', 'Private consultation began'],
  'consultation.ended': ['Kết thúc trao đổi riêng', 'Private consultation ended'],
  'consultation.requested': ['Đề nghị được trao đổi riêng', 'Asked for a private consultation'],
  'consultation.declined': ['Chủ tọa không chấp nhận đề nghị trao đổi riêng', 'Request for a private consultation declined'],
};
/** Before the names of the people a counsel asked to consult. */
export const WITH: Bi = ['với', 'with'];

export const GAP_CAUSE: Record<RecordingGap['cause'], Bi> = {
  recorder_exited: ['Bộ ghi dừng bất thường', 'Recorder exited'],
  producer_silent: ['Không nhận được tín hiệu', 'No media received'],
  participant_reconnected: ['Người tham gia kết nối lại', 'Participant reconnected'],
  recorder_failed: ['Bộ ghi lỗi', 'Recorder failed'],
  server_stopped: ['Máy chủ dừng (có chủ đích)', 'Server stopped'],
  server_crashed: ['Máy chủ dừng đột ngột', 'Server crashed'],
  recorder_hung: ['Bộ ghi bị treo, đã khởi động lại', 'Recorder hung and was restarted'],
  media_worker_died: ['Bộ xử lý truyền thông của máy chủ bị lỗi', 'Server media process failed'],
  disk_full: ['Hết dung lượng lưu trữ', 'Storage full'],
  recorder_limit: ['Vượt giới hạn số luồng ghi của máy chủ', 'Recorder track limit reached'],
  left_courtroom: ['Người tham gia ở ngoài phòng xử án', 'Participant outside the courtroom'],
};

/** The rooms of a hearing (core/hearing/rooms.ts), as the minutes name them. */
const ROOM_NAMES: Record<Exclude<RoomId, ConsultationRoomId>, Bi> = {
  courtroom: ['Phòng xử án', 'Courtroom'],
  witness: ['Phòng chờ của người làm chứng', 'Witness room'],
  deliberation: ['Phòng nghị án', 'Deliberation room'],
};
export function roomWords(room: RoomId): Bi {
  const n = consultationNumber(room);
  return n === null ? ROOM_NAMES[room as Exclude<RoomId, ConsultationRoomId>] : [`Phòng trao đổi riêng số ${n}`, `Consultation room ${n}`];
}

export const STATUS: Record<string, Bi> = {
  invited: ['Không tham gia', 'Did not join'],
  lobby: ['Ở phòng chờ', 'In the lobby'],
  admitted: ['Đã vào phiên tòa', 'Admitted'],
  denied: ['Bị từ chối cho vào', 'Denied admission'],
  removed: ['Bị buộc rời phiên tòa', 'Removed'],
  left: ['Đã rời phiên tòa', 'Left'],
};

export const KIND: Record<string, Bi> = { audio: ['micrô', 'microphone'], video: ['camera', 'camera'] };
export const SOURCE: Record<MediaSource, Bi> = {
  mic: ['âm thanh', 'sound'],
  camera: ['hình ảnh', 'video'],
  screen: ['màn hình chia sẻ', 'screen share'],
};

export const STATE_EVENTS: TransitionEventType[] = [
  'hearing.open',
  'hearing.start',
  'hearing.examine',
  'hearing.argue',
  'hearing.deliberate',
  'hearing.pronounce',
  'hearing.recess',
  'hearing.resume',
  'hearing.adjourn',
  'hearing.postpone',
];
export const OUTCOME: Record<HearingOutcome, Bi> = {
  concluded: ['Đã tuyên án', 'Judgment pronounced'],
  postponed: ['Hoãn phiên tòa', 'Postponed'],
  ended: ['Kết thúc không tuyên án', 'Ended without a judgment'],
};
export const PRESENCE_EVENTS = [
  'participant.joined',
  'lobby.entered',
  'lobby.admitted',
  'lobby.denied',
  'participant.left',
  'participant.removed',
  'room.moved',
  'consultation.requested',
  'consultation.declined',
  'consultation.opened',
  'consultation.ended',
] as const;
export const MUTE_EVENTS = ['participant.muted', 'participant.unmuted'] as const;
/** Attendance (điểm danh) and identity checks: the clerk's calls and the site officers' attestations. */
export const ATTENDANCE_EVENTS = ['attendance.marked', 'identity.attested'] as const;
export const ATTENDANCE: Record<AttendanceStatus, Bi> = {
  present: ['Có mặt', 'Present'],
  absent: ['Vắng mặt', 'Absent'],
};
export const ATTESTED: Bi = ['Cán bộ điểm cầu xác nhận nhân thân', 'Identity attested by the site officer'];
export const ID_KIND: Record<IdDocumentKind, Bi> = {
  cccd: ['CCCD', 'Citizen ID card'],
  cmnd: ['CMND', 'Identity card'],
  passport: ['Hộ chiếu', 'Passport'],
};
export const CONNECTION_EVENTS = [
  'participant.connected',
  'participant.disconnected',
  'participant.media_lost',
  'participant.media_back',
  'media.reset',
  'server.stopped',
  'server.started',
  'server.took_over',
] as const;
/** Raise hand and chat, in one table in the order they happened (Minutes.ts). */
export const TALK_EVENTS = ['hand.raised', 'hand.lowered', 'chat.opened', 'chat.closed', 'chat.message'] as const;
/** Why a hand came down. */
export const HAND_CAUSE: Record<'own' | 'judge' | 'left' | 'removed', Bi> = {
  own: ['tự hạ', 'by its owner'],
  judge: ['Chủ tọa hạ', 'by the presiding judge'],
  left: ['đã rời phiên tòa', 'left the hearing'],
  removed: ['bị buộc rời phiên tòa', 'removed from the hearing'],
};
/** To whom a message went (a participant is named instead). */
export const CHAT_TO: Record<'clerk' | 'everyone', Bi> = {
  clerk: ['Thư ký phiên tòa', 'The clerk'],
  everyone: ['Mọi người trong phiên tòa', 'Everyone in the hearing'],
};
