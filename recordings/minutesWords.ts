// The words of the minutes, Vietnamese with English subtitles: what each audit event, gap cause,
// status and source is called, and which events each table of minutes.html lists (Minutes.ts).
import type { AuditEventType, TransitionEventType } from '../core/hearing/auditEvents.js';
import { ROLE_LABELS } from '../core/lib/courtLocale.js';
import type { HearingOutcome, MediaSource, Role } from '../core/protocol/model.js';
import type { RecordingGap } from './types.js';

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
  'participant.connected': ['Kết nối lại', 'Reconnected'],
  'participant.disconnected': ['Mất kết nối', 'Connection lost'],
  'media.reset': ['Khôi phục đường truyền', 'Media rebuilt'],
  'participant.media_lost': ['Mất kết nối hình/tiếng', 'Media lost'],
  'participant.media_back': ['Có lại hình/tiếng', 'Media back'],
  'server.stopped': ['Máy chủ ngừng hoạt động', 'Server stopped'],
  'server.started': ['Máy chủ hoạt động trở lại', 'Server back up'],
};

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
};

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
] as const;
export const MUTE_EVENTS = ['participant.muted', 'participant.unmuted'] as const;
export const CONNECTION_EVENTS = [
  'participant.connected',
  'participant.disconnected',
  'participant.media_lost',
  'participant.media_back',
  'media.reset',
  'server.stopped',
  'server.started',
] as const;
