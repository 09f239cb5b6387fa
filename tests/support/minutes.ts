// The minutes of the domain fixture's hearing as the record would render them now, from its live
// store: for tests of what the minutes list (no tracks, gaps or sessions unless given).
import { renderMinutes, type MinutesInput } from '../../recordings/Minutes.js';
import type { Domain } from './domain.js';

export async function minutesOf(d: Domain, extra: Partial<MinutesInput> = {}): Promise<string> {
  return renderMinutes({
    court: 'Tòa án nhân dân Quận 1',
    kase: (await d.store.cases.get(d.hearing.caseId))!,
    hearing: (await d.store.hearings.get(d.hearing.id))!,
    participants: await d.store.participants.listByHearing(d.hearing.id),
    events: await d.store.audit.list(d.hearing.id),
    gaps: [],
    tracks: [],
    sessions: [],
    generatedAt: new Date().toISOString(),
    keyFingerprint: 'test',
    ...extra,
  });
}
