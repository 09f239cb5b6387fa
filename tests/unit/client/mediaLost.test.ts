// The judge's list shows whose media is lost right now: participant.media notifications folded into
// SessionState.mediaLost (client/src/core/sessionState.ts).
import { describe, expect, it } from 'vitest';
import type { ParticipantView } from '../../../client/src/core/protocol.js';
import { INITIAL_STATE, applyNotification, type SessionState } from '../../../client/src/core/sessionState.js';
import { participantView } from '../../support/participantView.js';

const person = (id: string, status: ParticipantView['status']): ParticipantView =>
  participantView(id, 'defendant', { displayName: id, status });
const judge = { ...person('judge', 'admitted'), role: 'judge' as const };
const start: SessionState = { ...INITIAL_STATE, phase: 'in_hearing', self: judge, participants: [judge, person('d', 'admitted')] };
const media = (participantId: string, state: 'lost' | 'back') =>
  ({ type: 'participant.media', participantId, state, at: '2026-01-01T00:00:00Z' }) as const;

describe('mediaLost', () => {
  it('holds a participant from lost until back, once each', () => {
    let s = applyNotification(start, media('d', 'lost'));
    s = applyNotification(s, media('d', 'lost'));
    expect(s.mediaLost).toEqual(['d']);
    s = applyNotification(s, media('judge', 'lost'));
    s = applyNotification(s, media('d', 'back'));
    expect(s.mediaLost).toEqual(['judge']);
  });

  it('forgets someone who is no longer in the hearing', () => {
    const s = applyNotification(applyNotification(start, media('d', 'lost')), {
      type: 'participant.updated',
      participant: person('d', 'left'),
    });
    expect(s.mediaLost).toEqual([]);
  });
});
