// The small labels the workspace repeats on every screen: a hearing's state (with its stage or
// outcome), a person's link and presence. Text always says it; colour only helps.
import { getLang, stateLabel, t, type MessageKey } from '../i18n.js';
import type { CaseKind, DeviceKind, HearingView, SiteKind, StaffParticipantView } from '../core/protocol.js';
import { formatCourtDateTime } from './courtTime.js';
import { linkState, presence } from './people.js';

/** Every kind, once each (the Record makes tsc fail when the protocol adds one). */
const CASE_KIND_KEYS: Record<CaseKind, MessageKey> = {
  criminal: 'clerk.kind.criminal',
  civil: 'clerk.kind.civil',
  administrative: 'clerk.kind.administrative',
  business: 'clerk.kind.business',
  labour: 'clerk.kind.labour',
  family: 'clerk.kind.family',
};
export const CASE_KINDS = Object.keys(CASE_KIND_KEYS) as CaseKind[];
export const caseKindLabel = (kind: CaseKind) => t(CASE_KIND_KEYS[kind]);

const SITE_KIND_KEYS: Record<SiteKind, MessageKey> = {
  courtroom: 'clerk.siteKind.courtroom',
  detention: 'clerk.siteKind.detention',
  office: 'clerk.siteKind.office',
  remote: 'clerk.siteKind.remote',
};
export const SITE_KINDS = Object.keys(SITE_KIND_KEYS) as SiteKind[];
export const siteKindLabel = (kind: SiteKind) => t(SITE_KIND_KEYS[kind]);

const DEVICE_KIND_KEYS: Record<DeviceKind, MessageKey> = {
  camera: 'clerk.deviceKind.camera',
  encoder: 'clerk.deviceKind.encoder',
  display: 'clerk.deviceKind.display',
};
export const DEVICE_KINDS = Object.keys(DEVICE_KIND_KEYS) as DeviceKind[];
export const deviceKindLabel = (kind: DeviceKind) => t(DEVICE_KIND_KEYS[kind]);

export const when = (iso: string) => formatCourtDateTime(iso, getLang());

/** "Đang xét xử — Tranh luận", "Đã kết thúc — Đã hoãn". */
export function hearingStatusText(h: Pick<HearingView, 'state' | 'stage' | 'outcome'>): string {
  const detail = h.stage ? t(`stage.${h.stage}`) : h.outcome ? t(`outcome.${h.outcome}`) : null;
  return detail ? `${stateLabel(h.state)} — ${detail}` : stateLabel(h.state);
}

export function HearingStateBadge({ hearing }: { hearing: Pick<HearingView, 'state' | 'stage' | 'outcome'> }) {
  return (
    <span className={`clerk-badge state-${hearing.state}`} data-testid="clerk-hearing-state" data-state={hearing.state}>
      {hearingStatusText(hearing)}
    </span>
  );
}

export function LinkBadge({ person }: { person: StaffParticipantView }) {
  const state = linkState(person);
  const inv = person.invitation;
  const title = state === 'opened' && inv.openedAt ? t('clerk.link.openedAt', { at: when(inv.openedAt) }) : undefined;
  return (
    <span className={`clerk-badge link-${state}`} data-testid="clerk-link-state" data-state={state} title={title}>
      {t(`clerk.link.${state}`)}
    </span>
  );
}

export function PresenceBadge({ person }: { person: StaffParticipantView }) {
  const where = presence(person);
  const ended = person.status === 'denied' || person.status === 'removed' || person.status === 'left';
  return (
    <span className={`clerk-badge presence-${where}`} data-testid="clerk-presence" data-presence={where}>
      {ended && where === 'offline' ? t(`clerk.status.${person.status as 'denied' | 'removed' | 'left'}`) : t(`clerk.presence.${where}`)}
    </span>
  );
}
