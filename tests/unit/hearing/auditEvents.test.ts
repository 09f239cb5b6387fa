// Audit events are typed from writer to reader: a wrong type string or payload does not compile,
// and the stored names (hash-chained in existing logs) stay the ones listed here.
import { describe, expect, it } from 'vitest';
import { isAudit, isTransitionEvent, type AuditEventType } from '../../../core/hearing/auditEvents.js';
import { AuditLog } from '../../../core/hearing/AuditLog.js';
import type { AuditEvent } from '../../../core/hearing/types.js';
import { makeDomain } from '../../support/domain.js';

/** Every stored name, once: adding one to the map without listing it here, or renaming one, fails to compile. */
const STORED_NAMES: Record<AuditEventType, true> = {
  'hearing.created': true,
  'hearing.rescheduled': true,
  'participant.invited': true,
  'invitation.issued': true,
  'case.updated': true,
  'hearing.updated': true,
  'participant.updated': true,
  'participant.withdrawn': true,
  'invitation.sent': true,
  'invitation.revoked': true,
  'invitation.opened': true,
  'hearing.open': true,
  'hearing.start': true,
  'hearing.recess': true,
  'hearing.resume': true,
  'hearing.adjourn': true,
  'hearing.examine': true,
  'hearing.argue': true,
  'hearing.deliberate': true,
  'hearing.pronounce': true,
  'hearing.postpone': true,
  'participant.joined': true,
  'lobby.entered': true,
  'lobby.admitted': true,
  'lobby.denied': true,
  'participant.left': true,
  'participant.removed': true,
  'participant.connected': true,
  'participant.disconnected': true,
  'participant.muted': true,
  'participant.unmuted': true,
  'participant.muted_all': true,
  'participant.screen_allowed': true,
  'participant.checked': true,
  'media.reset': true,
  'participant.media_lost': true,
  'participant.media_back': true,
  'participant.quality': true,
  'participant.quality_summary': true,
  'server.stopped': true,
  'server.started': true,
  'server.took_over': true,
  'storage.status': true,
  'recording.interrupted': true,
  'recording.gap': true,
  'display.layout': true,
  'device.attached': true,
  'device.revoked': true,
  'record.building': true,
  'record.ready': true,
  'record.failed': true,
  'record.none': true,
  'record.verified': true,
  'record.retention': true,
  'record.deleted': true,
  'record.rebuild_requested': true,
  'record.retry_scheduled': true,
  'record.gave_up': true,
  'record.change_requested': true,
  'record.change_approved': true,
  'record.change_refused': true,
  'record.change_withdrawn': true,
  'record.access_granted': true,
  'hand.raised': true,
  'hand.lowered': true,
  'chat.message': true,
  'chat.opened': true,
  'chat.closed': true,
  'room.moved': true,
  'consultation.opened': true,
  'consultation.ended': true,
  'consultation.requested': true,
  'consultation.declined': true,
  'attendance.marked': true,
  'identity.attested': true,
};

const stored = (type: string, data: Record<string, unknown>): AuditEvent => ({
  seq: 1,
  hearingId: 'h',
  at: '2026-03-02T01:00:00.000Z',
  actor: { kind: 'system' },
  type,
  data,
  prevHash: '0'.repeat(64),
  hash: '1'.repeat(64),
});

describe('audit events', () => {
  it('names each kind of event as area.what, lower case', () => {
    for (const name of Object.keys(STORED_NAMES)) expect(name).toMatch(/^[a-z]+\.[a-z_]+$/);
  });

  it('narrows a stored event to its payload', () => {
    const e = stored('participant.muted', { participantId: 'p1', kind: 'audio' });
    expect(isAudit(e, 'participant.muted', 'participant.unmuted')).toBe(true);
    expect(isAudit(e, 'participant.joined')).toBe(false);
    if (isAudit(e, 'participant.muted')) expect(e.data.kind).toBe('audio');
  });

  it('tells state changes from other hearing.* events', () => {
    expect(isTransitionEvent(stored('hearing.recess', { from: 'in_session', to: 'recess' }))).toBe(true);
    expect(isTransitionEvent(stored('hearing.created', { title: 'T', scheduledAt: 'x' }))).toBe(false);
    expect(isTransitionEvent(stored('hearing.toString', {}))).toBe(false);
  });

  it('stores what it is given, under the name given', async () => {
    const d = await makeDomain();
    const written = await new AuditLog(d.store, d.clock).append(d.hearing.id, { kind: 'system' }, 'media.reset', { reason: 'worker died' });
    expect(written).toMatchObject({ type: 'media.reset', data: { reason: 'worker died' } });
  });

  it('refuses to compile a wrong name or payload (checked by tsc; never run)', () => {
    const wrong = async (audit: AuditLog, hearingId: string) => {
      // @ts-expect-error: not an audit event
      await audit.append(hearingId, { kind: 'system' }, 'media.rest', { reason: 'x' });
      // @ts-expect-error: media.reset carries a reason
      await audit.append(hearingId, { kind: 'system' }, 'media.reset', { participantId: 'p' });
      // @ts-expect-error: a mute records which kind of media
      await audit.append(hearingId, { kind: 'system' }, 'participant.muted', { participantId: 'p' });
    };
    expect(wrong).toBeTypeOf('function');
  });
});
