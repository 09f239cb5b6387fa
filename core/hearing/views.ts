// Records → the views the wire carries. Pure functions over what the Store holds.
import type { DeviceStatus, HearingView, ParticipantView, ProducerView, SiteView } from '../protocol/model.js';
import { can } from './permissions.js';
import { roomOf } from './rooms.js';
import type { Store } from './ports.js';
import type { CaseView, InvitationStatus, StaffParticipantView } from '../protocol/workspace.js';
import type { CaseRecord, HearingRecord, InvitationRecord, ParticipantRecord, ProducerInfo, SiteRecord } from './types.js';

export function siteView(site: SiteRecord | undefined): SiteView | null {
  return site ? { id: site.id, name: site.name, kind: site.kind } : null;
}

export async function hearingView(store: Store, hearing: HearingRecord, kase?: CaseRecord): Promise<HearingView> {
  const c = kase ?? (await store.cases.get(hearing.caseId));
  return {
    id: hearing.id,
    caseId: hearing.caseId,
    caseNumber: c?.number ?? '',
    caseTitle: c?.title ?? '',
    court: c?.court ?? '',
    title: hearing.title,
    scheduledAt: hearing.scheduledAt,
    state: hearing.state,
    stage: hearing.stage,
    outcome: hearing.outcome,
    courtroom: hearing.courtroomSiteId ? siteView(await store.sites.get(hearing.courtroomSiteId)) : null,
  };
}

/**
 * `deviceStatus` is what a server-side ingest reported (cameras); without it a device is live
 * while connected (encoders, displays) and down otherwise.
 */
export async function participantView(
  store: Store,
  p: ParticipantRecord,
  connected: boolean,
  deviceStatus?: DeviceStatus,
): Promise<ParticipantView> {
  const device = p.deviceId ? await store.devices.get(p.deviceId) : undefined;
  return {
    id: p.id,
    hearingId: p.hearingId,
    displayName: p.displayName,
    role: p.role,
    status: p.status,
    connected,
    site: p.siteId ? siteView(await store.sites.get(p.siteId)) : null,
    forcedMute: { audio: p.forcedMuteAudio, video: p.forcedMuteVideo },
    mayShareScreen: mayShareScreen(p),
    device: device ? { id: device.id, kind: device.kind, status: deviceStatus ?? (connected ? 'live' : 'down') } : null,
    room: roomOf(p),
    interprets: p.role === 'interpreter' ? (p.languages ?? null) : null,
  };
}

/** The bench shares at will; anyone else who may produce, once the presiding judge allows it. */
export function mayShareScreen(p: ParticipantRecord): boolean {
  return can(p.role, 'shareScreen') || (p.screenAllowed === true && can(p.role, 'produce') && p.deviceId === null);
}

export function producerView(p: ProducerInfo): ProducerView {
  return { id: p.id, participantId: p.participantId, kind: p.kind, source: p.source, paused: p.paused };
}

export function caseView(c: CaseRecord): CaseView {
  return { id: c.id, number: c.number, title: c.title, kind: c.kind ?? 'criminal', court: c.court, createdAt: c.createdAt };
}

/**
 * Where the participant's link stands. The bookkeeping describes the current link only: once it
 * stops (revoked, or the participant removed or denied) nothing of it is shown but `revoked`.
 */
export function invitationStatus(p: ParticipantRecord, r: InvitationRecord): InvitationStatus {
  const live = p.invitationId !== null;
  return {
    issuedAt: live ? r.issuedAt : null,
    expiresAt: live ? r.expiresAt : null,
    openedAt: live ? r.openedAt : null,
    sentAt: live ? r.sentAt : null,
    sentTo: live ? r.sentTo : null,
    revoked: !live && r.revokedAt !== null,
  };
}

/** The participant as the clerk sees them: their view, their contact and their link. */
export async function staffParticipantView(store: Store, p: ParticipantRecord, connected: boolean): Promise<StaffParticipantView> {
  return {
    ...(await participantView(store, p, connected)),
    contact: p.contact ?? null,
    invitation: invitationStatus(p, await store.invitations.get(p.id)),
  };
}
