// The bench's notices of required parties who left (participant.left): kept with their reason,
// one per participant, until they are back in the hearing.
import { describe, expect, it } from 'vitest';
import { INITIAL_STATE, applyNotification, type SessionState } from '../../../client/src/core/sessionState.js';
import type { Notification, ParticipantView } from '../../../client/src/core/protocol.js';

const defendant: ParticipantView = {
  id: 'd1',
  hearingId: 'h1',
  displayName: 'Bị cáo A',
  role: 'defendant',
  status: 'left',
  connected: false,
  site: null,
  forcedMute: { audio: false, video: false },
  mayShareScreen: false,
  device: null,
};
const left = (reason: string): Notification => ({
  type: 'participant.left',
  participantId: 'd1',
  displayName: 'Bị cáo A',
  role: 'defendant',
  reason,
  at: '2025-03-01T02:00:00.000Z',
});
const start: SessionState = { ...INITIAL_STATE, phase: 'in_hearing' };

describe('departures (sessionState.ts)', () => {
  it('keeps the reason a required party gave, the latest one per participant', () => {
    const s = applyNotification(applyNotification(start, left('Mất điện')), left('Đi cấp cứu'));
    expect(s.departures).toEqual([
      { participantId: 'd1', displayName: 'Bị cáo A', role: 'defendant', reason: 'Đi cấp cứu', at: '2025-03-01T02:00:00.000Z' },
    ]);
  });

  it('forgets it once they are back in the hearing', () => {
    const s = applyNotification(start, left('Mất điện'));
    expect(
      applyNotification(s, { type: 'participant.updated', participant: { ...defendant, status: 'lobby', connected: true } }).departures,
    ).toHaveLength(1);
    expect(
      applyNotification(s, { type: 'participant.updated', participant: { ...defendant, status: 'admitted', connected: true } }).departures,
    ).toEqual([]);
  });
});
