// Who may take part in a hearing of a given kind of case, and how each person stands: their link
// (not sent, sent, opened) and their presence (waiting in the lobby, present, not connected).
// Pure functions over the wire views, so the unit tests need no browser.
import { roleRank } from '../../../core/lib/courtLocale.js';
import type { CaseKind, PersonRole, StaffParticipantView } from '../core/protocol.js';

/** The panel, the clerk and the procurator: in every kind of case. */
const COURT: readonly PersonRole[] = ['judge', 'panel_judge', 'assessor', 'clerk', 'prosecutor'];
/** Those the court summons, and the public. */
const SUMMONED: readonly PersonRole[] = ['witness', 'expert', 'interpreter', 'observer'];
/**
 * The parties and those who speak for them. Criminal (Bộ luật Tố tụng hình sự): the accused, the
 * victim, defence counsel, persons with related rights and obligations, representatives. The
 * others (Bộ luật Tố tụng dân sự, Luật Tố tụng hành chính): plaintiff, respondent, related
 * parties, representatives; "Người bào chữa" is criminal procedure's word only.
 */
const PARTIES: Record<'criminal' | 'other', readonly PersonRole[]> = {
  criminal: ['counsel', 'defendant', 'victim', 'related_party', 'representative'],
  other: ['plaintiff', 'respondent', 'related_party', 'representative'],
};

/** The roles offered when adding a person to a hearing of a `kind` case, in the court's order. */
export function rolesForKind(kind: CaseKind): PersonRole[] {
  const parties = PARTIES[kind === 'criminal' ? 'criminal' : 'other'];
  return [...COURT, ...parties, ...SUMMONED].sort((a, b) => roleRank(a) - roleRank(b));
}

/**
 * Where a person's link stands: the presiding judge has none (they sign in at /bench); otherwise
 * revoked, opened (read with the current link), sent, or not sent yet.
 */
export type LinkState = 'bench' | 'revoked' | 'opened' | 'sent' | 'not_sent';

export function linkState(p: StaffParticipantView): LinkState {
  if (p.role === 'judge') return 'bench';
  if (p.role === 'device') return 'not_sent';
  const inv = p.invitation;
  if (inv.revoked) return 'revoked';
  if (inv.openedAt) return 'opened';
  if (inv.sentAt) return 'sent';
  return 'not_sent';
}

/** Where a person is right now: waiting in the lobby, in the courtroom, or not connected. */
export type Presence = 'waiting' | 'present' | 'offline';

export function presence(p: Pick<StaffParticipantView, 'status' | 'connected'>): Presence {
  if (!p.connected) return 'offline';
  if (p.status === 'lobby') return 'waiting';
  if (p.status === 'admitted') return 'present';
  return 'offline';
}

/**
 * What the clerk may still change about a person: the server refuses edits and withdrawal once
 * they have connected or the hearing has started (workspace.ts); the buttons follow the same rule.
 */
export function editable(p: Pick<StaffParticipantView, 'status' | 'connected'>, hearingScheduled: boolean): boolean {
  return hearingScheduled && p.status === 'invited' && !p.connected;
}

/** Whom a link can be sent to, and how: email first, then a text message. */
export function channels(p: Pick<StaffParticipantView, 'contact'>): Array<'email' | 'sms'> {
  const out: Array<'email' | 'sms'> = [];
  if (p.contact?.email) out.push('email');
  if (p.contact?.phone) out.push('sms');
  return out;
}

/** People in the court's order: the panel first, then the clerk, the procurator, the parties. */
export function inCourtOrder<T extends { role: StaffParticipantView['role']; displayName: string }>(people: readonly T[]): T[] {
  return [...people].sort((a, b) => roleRank(a.role) - roleRank(b.role) || a.displayName.localeCompare(b.displayName, 'vi'));
}
