// The one door from the client to the wire contract in core/protocol. Types only: nothing here
// pulls server code (or zod) into the bundle.
export type {
  HearingOutcome,
  HearingSnapshot,
  HearingStage,
  HearingState,
  HearingView,
  MediaKind,
  MediaSource,
  ParticipantStatus,
  ParticipantView,
  ProducerView,
  Role,
  SiteView,
  TransitionAction,
} from '../../../core/protocol/model.js';
export type { DisplayLayout } from '../../../core/protocol/display.js';
export type { ChatMessageView, ChatSnapshot, ChatTo, HandView } from '../../../core/protocol/chat.js';
export type { AttendanceStatus, IdDocumentKind } from '../../../core/protocol/attendance.js';
export type { AttendanceView } from '../../../core/protocol/model.js';
export type { SiteHearing } from '../../../core/protocol/http.js';
export type { LinkGrade, LinkQualityView } from '../../../core/protocol/linkQuality.js';
export type { ConsultationRequestView, ConsultationRoomId, RoomId } from '../../../core/protocol/rooms.js';
export type {
  ConsumerParams,
  ErrorBody,
  ErrorCode,
  IceServersReply,
  Notification,
  NotificationType,
  Reply,
  Request,
  RequestOf,
  RequestType,
  ResponseMap,
  TransportParams,
} from '../../../core/protocol/signaling.js';
export type {
  ArchiveHit,
  BenchHearing,
  FileCheck,
  FileStatus,
  Invitation,
  InvitationInfo,
  RecordFileView,
  RecordRequestKind,
  RecordRequestView,
  RecordStatus,
  RecordView,
  VerifyReport,
} from '../../../core/protocol/http.js';
// The clerk's workspace (client/src/clerk).
export type { CaseKind, DeviceKind, DeviceView, PersonRole, SiteKind } from '../../../core/protocol/model.js';
export type { AddParticipantBody, CreateCaseBody, CreateHearingBody, RegisterDeviceBody } from '../../../core/protocol/http.js';
// The administrator's accounts screen.
export type { CreateAccountBody, SetRoleBody } from '../../../core/protocol/http.js';
export type {
  CalendarHearing,
  CaseView,
  Contact,
  Dashboard,
  DeliveryView,
  InvitationStatus,
  JudgeAccountView,
  StaffParticipantView,
  UpdateCaseBody,
  UpdateHearingBody,
  UpdateParticipantBody,
  UpdateSiteBody,
} from '../../../core/protocol/workspace.js';

import type {
  SOCKET_PATH as SocketPath,
  REQUEST_EVENT as RequestEvent,
  NOTIFICATION_EVENT as NotificationEvent,
} from '../../../core/protocol/signaling.js';
import type { CHAT_MAX_CHARS as ChatMaxChars } from '../../../core/protocol/chat.js';

// Restated as literals so the bundle stays free of zod; the annotations make tsc fail if the
// protocol ever changes them.
export const SOCKET_PATH: typeof SocketPath = '/socket.io';
export const REQUEST_EVENT: typeof RequestEvent = 'request';
export const NOTIFICATION_EVENT: typeof NotificationEvent = 'notification';
/** Chat messages are at most this many characters (core/protocol/chat.ts; the server checks it). */
export const CHAT_MAX_CHARS: typeof ChatMaxChars = 1000;
