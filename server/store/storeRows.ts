// Rows of the SQL store's tables as the domain's records, and back: one place, so a record reads
// the same whichever query found it and whichever database returned it.
import type {
  AccountRecord,
  AuditEvent,
  CaseRecord,
  DeviceRecord,
  HearingRecord,
  ParticipantRecord,
  SiteRecord,
} from '../../core/hearing/types.js';
import type { Row } from './sql/Db.js';

/** A 0/1 column as a boolean (a driver may hand integers back as numbers or numeric strings). */
export const flag = (v: unknown): boolean => Number(v) === 1;
export const json = <T>(v: unknown): T | null => (v ? (JSON.parse(v as string) as T) : null);

export const toParticipant = (r: Row): ParticipantRecord => ({
  id: r.id as string,
  hearingId: r.hearing_id as string,
  displayName: r.display_name as string,
  role: r.role as ParticipantRecord['role'],
  siteId: (r.site_id as string | null) ?? null,
  status: r.status as ParticipantRecord['status'],
  forcedMuteAudio: flag(r.forced_mute_audio),
  forcedMuteVideo: flag(r.forced_mute_video),
  screenAllowed: flag(r.screen_allowed),
  invitationId: (r.invitation_id as string | null) ?? null,
  deviceId: (r.device_id as string | null) ?? null,
  accountId: (r.account_id as string | null) ?? null,
  contact: json<ParticipantRecord['contact']>(r.contact),
  room: (r.room as ParticipantRecord['room']) ?? null,
  languages: json<ParticipantRecord['languages']>(r.languages),
  createdAt: r.created_at as string,
});

export const toDevice = (r: Row): DeviceRecord => ({
  id: r.id as string,
  siteId: r.site_id as string,
  kind: r.kind as DeviceRecord['kind'],
  name: r.name as string,
  rtspUrl: (r.rtsp_url as string | null) ?? null,
  rtspSealed: (r.rtsp_sealed as string | null) ?? null,
  tokenId: (r.token_id as string | null) ?? null,
  revokedAt: (r.revoked_at as string | null) ?? null,
  createdAt: r.created_at as string,
});

export const toHearing = (r: Row): HearingRecord => ({
  id: r.id as string,
  caseId: r.case_id as string,
  title: r.title as string,
  scheduledAt: r.scheduled_at as string,
  state: r.state as HearingRecord['state'],
  stage: (r.stage as HearingRecord['stage']) ?? null,
  outcome: (r.outcome as HearingRecord['outcome']) ?? null,
  courtroomSiteId: (r.courtroom_site_id as string | null) ?? null,
  createdAt: r.created_at as string,
  updatedAt: r.updated_at as string,
});

export const toCase = (r: Row): CaseRecord => ({
  id: r.id as string,
  number: r.number as string,
  title: r.title as string,
  kind: (r.kind as CaseRecord['kind']) ?? 'criminal',
  court: r.court as string,
  createdAt: r.created_at as string,
});

export const toSite = (r: Row): SiteRecord => ({
  id: r.id as string,
  name: r.name as string,
  kind: r.kind as SiteRecord['kind'],
  relayOnly: flag(r.relay_only),
  createdAt: r.created_at as string,
});

export const toAccount = (r: Row): AccountRecord => ({
  id: r.id as string,
  username: r.username as string,
  displayName: r.display_name as string,
  role: r.role as AccountRecord['role'],
  passwordHash: r.password_hash as string,
  createdAt: r.created_at as string,
  siteId: (r.site_id as string | null) ?? null,
});

export const toAudit = (r: Row): AuditEvent => ({
  seq: Number(r.seq),
  hearingId: r.hearing_id as string,
  at: r.at as string,
  actor: JSON.parse(r.actor as string),
  type: r.type as string,
  data: JSON.parse(r.data as string),
  prevHash: r.prev_hash as string,
  hash: r.hash as string,
});

/** The participant columns that are not stored as they are: 0/1 flags and JSON text. */
export function participantValues(p: ParticipantRecord) {
  return {
    forcedMuteAudio: p.forcedMuteAudio ? 1 : 0,
    forcedMuteVideo: p.forcedMuteVideo ? 1 : 0,
    screenAllowed: p.screenAllowed ? 1 : 0,
    contact: p.contact ? JSON.stringify(p.contact) : null,
    languages: p.languages ? JSON.stringify(p.languages) : null,
  };
}
