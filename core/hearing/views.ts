// Records → the views the wire carries. Pure functions over what the Store holds.
import type { DeviceStatus, HearingView, ParticipantView, ProducerView, SiteView } from '../protocol/model.js';
import type { Store } from './ports.js';
import type { CaseRecord, HearingRecord, ParticipantRecord, ProducerInfo, SiteRecord } from './types.js';

export function siteView(site: SiteRecord | undefined): SiteView | null {
  return site ? { id: site.id, name: site.name, kind: site.kind } : null;
}

export function hearingView(store: Store, hearing: HearingRecord, kase?: CaseRecord): HearingView {
  const c = kase ?? store.cases.get(hearing.caseId);
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
    courtroom: hearing.courtroomSiteId ? siteView(store.sites.get(hearing.courtroomSiteId)) : null,
  };
}

/**
 * `deviceStatus` is what a server-side ingest reported (cameras); without it a device is live
 * while connected (encoders, displays) and down otherwise.
 */
export function participantView(store: Store, p: ParticipantRecord, connected: boolean, deviceStatus?: DeviceStatus): ParticipantView {
  const device = p.deviceId ? store.devices.get(p.deviceId) : undefined;
  return {
    id: p.id,
    hearingId: p.hearingId,
    displayName: p.displayName,
    role: p.role,
    status: p.status,
    connected,
    site: p.siteId ? siteView(store.sites.get(p.siteId)) : null,
    forcedMute: { audio: p.forcedMuteAudio, video: p.forcedMuteVideo },
    device: device ? { id: device.id, kind: device.kind, status: deviceStatus ?? (connected ? 'live' : 'down') } : null,
  };
}

export function producerView(p: ProducerInfo): ProducerView {
  return { id: p.id, participantId: p.participantId, kind: p.kind, source: p.source, paused: p.paused };
}
