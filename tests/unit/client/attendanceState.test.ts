// The bench's attendance list in the client: the join snapshot's list, then attendance.updated
// folded in place (client/src/core/sessionState.ts), so the panel keeps the summons' order.
import { describe, expect, it } from 'vitest';
import type { AttendanceView } from '../../../client/src/core/protocol.js';
import { INITIAL_STATE, applyNotification, type SessionState } from '../../../client/src/core/sessionState.js';

const entry = (participantId: string, status: AttendanceView['status'] = null): AttendanceView => ({
  participantId,
  displayName: participantId,
  role: 'witness',
  site: null,
  status,
  reason: status === 'absent' ? 'Ốm' : null,
  idDocument: null,
  idChecked: false,
  markedBy: status ? 'clerk' : null,
  markedAt: status ? '2026-01-01T00:00:00Z' : null,
  attestation: null,
  verifiedBy: null,
});
const start: SessionState = { ...INITIAL_STATE, phase: 'in_hearing', attendance: [entry('a'), entry('b')] };

describe('attendance in the session state', () => {
  it('replaces a participant in place and adds someone new last', () => {
    let s = applyNotification(start, { type: 'attendance.updated', attendance: entry('a', 'absent') });
    expect(s.attendance.map((a) => [a.participantId, a.status])).toEqual([
      ['a', 'absent'],
      ['b', null],
    ]);
    s = applyNotification(s, { type: 'attendance.updated', attendance: entry('c', 'present') });
    expect(s.attendance.map((a) => a.participantId)).toEqual(['a', 'b', 'c']);
  });

  it('starts empty for a role the server tells nothing', () => {
    expect(INITIAL_STATE.attendance).toEqual([]);
  });
});
