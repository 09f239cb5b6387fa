// The bench's lobby as the client keeps it: the join snapshot, then one participant.updated per
// change (the server no longer sends the whole lobby on every join).
import { describe, expect, it } from 'vitest';
import { INITIAL_STATE, applyNotification, type SessionState } from '../../../client/src/core/sessionState.js';
import type { ParticipantView } from '../../../client/src/core/protocol.js';

const person = (id: string, status: ParticipantView['status'], connected = true): ParticipantView => ({
  id,
  hearingId: 'h1',
  displayName: id,
  role: 'witness',
  status,
  connected,
  site: null,
  forcedMute: { audio: false, video: false },
  mayShareScreen: false,
  device: null,
});

const judge = { ...person('judge', 'admitted'), role: 'judge' as const };
const start: SessionState = { ...INITIAL_STATE, phase: 'in_hearing', self: judge, participants: [judge], lobby: [person('w0', 'lobby')] };
const apply = (state: SessionState, ...people: ParticipantView[]) =>
  people.reduce((s, p) => applyNotification(s, { type: 'participant.updated', participant: p }), state);
const lobbyIds = (s: SessionState) => s.lobby.map((p) => p.id);

describe('the bench’s lobby from participant.updated', () => {
  it('adds who starts waiting, in order, and updates them in place', () => {
    const s = apply(start, person('w1', 'lobby'), person('w2', 'lobby'), { ...person('w1', 'lobby'), displayName: 'renamed' });
    expect(lobbyIds(s)).toEqual(['w0', 'w1', 'w2']);
    expect(s.lobby[1]!.displayName).toBe('renamed');
  });

  it('drops who is admitted, denied, leaves or loses the connection, and takes them back when they return', () => {
    let s = apply(start, person('w1', 'lobby'), person('w2', 'lobby'), person('w3', 'lobby'));
    s = apply(s, person('w0', 'admitted'), person('w1', 'denied'), person('w2', 'left'), person('w3', 'lobby', false));
    expect(lobbyIds(s)).toEqual([]);
    expect(s.participants.map((p) => p.id)).toEqual(['judge', 'w0']);
    expect(lobbyIds(apply(s, person('w3', 'lobby')))).toEqual(['w3']);
  });
});

describe('media.alert', () => {
  it('keeps the alerts the server sent, newest last, at most five', () => {
    let s = start;
    for (let i = 0; i < 7; i++) {
      s = applyNotification(s, { type: 'media.alert', cause: 'ports_exhausted', participantId: `w${i}`, at: `2026-01-01T00:00:0${i}Z` });
    }
    expect(s.mediaAlerts.map((a) => a.participantId)).toEqual(['w2', 'w3', 'w4', 'w5', 'w6']);
    expect(s.mediaAlerts[0]).toEqual({ cause: 'ports_exhausted', participantId: 'w2', at: '2026-01-01T00:00:02Z' });
  });
});
