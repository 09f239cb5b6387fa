// The rooms as the client sees them (client/src/core/rooms.ts): who is where, what the bench may do
// about it (mirroring core/hearing/rooms.ts), whose tiles one sees, and the consultation requests
// kept from the snapshot and consultation.requests.
import { describe, expect, it } from 'vitest';
import {
  consultationCandidates,
  groupByRoom,
  isGrantable,
  isValidConsultation,
  mayEndConsultation,
  mayOpenConsultation,
  mayRequestConsultation,
  openConsultations,
  ownRequest,
  roomLabel,
  roomMoves,
  roomOf,
  sameRoom,
} from '../../../client/src/core/rooms.js';
import { INITIAL_STATE, applyNotification, fromSnapshot, type SessionState } from '../../../client/src/core/sessionState.js';
import { buildTiles } from '../../../client/src/core/tiles.js';
import type { MediaState } from '../../../client/src/core/MediaSession.js';
import type { HearingSnapshot, HearingState, HearingView, ParticipantView, Role, RoomId } from '../../../client/src/core/protocol.js';
import { participantView } from '../../support/participantView.js';

const person = (id: string, role: Role, room?: RoomId, status: ParticipantView['status'] = 'admitted'): ParticipantView =>
  participantView(id, role, { status, ...(room ? { room } : {}) });

const hearing = (state: HearingState): HearingView => ({
  id: 'h',
  caseId: 'c',
  caseNumber: '12/2026/HS-ST',
  caseTitle: 'Vụ án',
  title: 'Phiên tòa',
  court: 'TAND',
  scheduledAt: '2026-11-29T08:00:00Z',
  state,
  stage: null,
  outcome: null,
  courtroom: null,
});

const judge = person('judge', 'judge', 'courtroom');
const clerk = person('clerk', 'clerk', 'courtroom');
const assessor = person('assessor', 'assessor', 'courtroom');
const counsel = person('counsel', 'counsel', 'courtroom');
const defendant = person('def', 'defendant', 'courtroom');
const victim = person('victim', 'victim', 'courtroom');
const witness = person('w1', 'witness', 'witness');
const expert = person('x1', 'expert', 'courtroom');
const everyone = [judge, clerk, assessor, counsel, defendant, victim, witness, expert];

describe('roomOf()', () => {
  it('is the room the server says, else where the role starts', () => {
    expect(roomOf(person('a', 'witness', 'courtroom'))).toBe('courtroom');
    expect(roomOf(person('a', 'witness'))).toBe('witness');
    expect(roomOf(person('a', 'expert'))).toBe('witness');
    expect(roomOf(person('a', 'defendant'))).toBe('courtroom');
  });
});

describe('groupByRoom()', () => {
  it('lists the courtroom first, then the witness room, consultations by number, the deliberation room last', () => {
    const people = [
      person('p1', 'judge', 'deliberation'),
      person('c2', 'counsel', 'consultation-12'),
      person('c1', 'counsel', 'consultation-2'),
      person('w', 'witness', 'witness'),
      person('d', 'defendant', 'courtroom'),
      person('gone', 'witness', 'witness', 'left'),
    ];
    expect(groupByRoom(people).map((g) => [g.room, g.members.map((p) => p.id)])).toEqual([
      ['courtroom', ['d']],
      ['witness', ['w']],
      ['consultation-2', ['c1']],
      ['consultation-12', ['c2']],
      ['deliberation', ['p1']],
    ]);
  });

  it('always has the courtroom, even empty', () => {
    expect(groupByRoom([])).toEqual([{ room: 'courtroom', members: [] }]);
  });

  it('names the rooms through message keys', () => {
    expect(roomLabel('witness')).toEqual({ key: 'room.witness' });
    expect(roomLabel('consultation-3')).toEqual({ key: 'room.consultation', vars: { n: 3 } });
  });
});

describe('roomMoves()', () => {
  it('lets the judge and the clerk call a witness in and send them back', () => {
    for (const actor of [judge, clerk]) {
      expect(roomMoves(actor, witness, hearing('in_session'))).toMatchObject({ callIn: true, sendBack: false });
      expect(roomMoves(actor, expert, hearing('in_session'))).toMatchObject({ callIn: false, sendBack: true });
    }
  });

  it('gives nobody else any move, and none once the hearing has ended or for someone not admitted', () => {
    expect(roomMoves(counsel, witness, hearing('in_session')).callIn).toBe(false);
    expect(roomMoves(assessor, witness, hearing('in_session')).callIn).toBe(false);
    expect(roomMoves(judge, witness, hearing('adjourned')).callIn).toBe(false);
    expect(roomMoves(judge, { ...witness, status: 'left' }, hearing('in_session')).callIn).toBe(false);
    expect(roomMoves(judge, defendant, hearing('in_session'))).toEqual({
      callIn: false,
      sendBack: false,
      admitToDeliberation: false,
      leaveDeliberation: false,
    });
  });

  it('lets only the presiding judge admit the clerk to the deliberation, while the panel deliberates, and send them back', () => {
    expect(roomMoves(judge, clerk, hearing('deliberation')).admitToDeliberation).toBe(true);
    expect(roomMoves(judge, clerk, hearing('in_session')).admitToDeliberation).toBe(false);
    expect(roomMoves(assessor, clerk, hearing('deliberation')).admitToDeliberation).toBe(false);
    const inside = { ...clerk, room: 'deliberation' as const };
    expect(roomMoves(judge, inside, hearing('deliberation'))).toMatchObject({ admitToDeliberation: false, leaveDeliberation: true });
  });
});

describe('consultations', () => {
  it('are opened by the presiding judge while the hearing is open, in session or suspended', () => {
    expect(mayOpenConsultation(judge, hearing('open'))).toBe(true);
    expect(mayOpenConsultation(judge, hearing('recess'))).toBe(true);
    expect(mayOpenConsultation(judge, hearing('deliberation'))).toBe(false);
    expect(mayOpenConsultation(clerk, hearing('in_session'))).toBe(false);
  });

  it('offer counsel, parties and interpreters in the courtroom', () => {
    const away = person('def2', 'defendant', 'consultation-1');
    const { counsel: c, parties, interpreters } = consultationCandidates([...everyone, away, person('int', 'interpreter', 'courtroom')]);
    expect(c.map((p) => p.id)).toEqual(['counsel']);
    expect(parties.map((p) => p.id)).toEqual(['def', 'victim']);
    expect(interpreters.map((p) => p.id)).toEqual(['int']);
  });

  it('hold 2–4 people, at least one counsel and one party, nobody else', () => {
    expect(isValidConsultation(['counsel', 'def'], everyone)).toBe(true);
    expect(isValidConsultation(['counsel', 'def', 'victim'], everyone)).toBe(true);
    expect(isValidConsultation(['counsel'], everyone)).toBe(false);
    expect(isValidConsultation(['def', 'victim'], everyone)).toBe(false);
    expect(isValidConsultation(['counsel', 'def', 'w1'], everyone)).toBe(false);
    expect(isValidConsultation(['counsel', 'def', 'def'], everyone)).toBe(false);
    const interpreter = person('int', 'interpreter', 'courtroom');
    expect(isValidConsultation(['counsel', 'def', 'int'], [...everyone, interpreter])).toBe(true);
    expect(isValidConsultation(['counsel', 'int'], [...everyone, interpreter])).toBe(false);
    const many = [counsel, defendant, victim, person('p3', 'related_party', 'courtroom'), person('p4', 'plaintiff', 'courtroom')];
    expect(isValidConsultation(['counsel', 'def', 'victim', 'p3', 'p4'], many)).toBe(false);
  });

  it('are asked for by counsel in the courtroom during a recess only', () => {
    expect(mayRequestConsultation(counsel, hearing('recess'))).toBe(true);
    expect(mayRequestConsultation(counsel, hearing('in_session'))).toBe(false);
    expect(mayRequestConsultation(defendant, hearing('recess'))).toBe(false);
    expect(mayRequestConsultation({ ...counsel, room: 'consultation-1' }, hearing('recess'))).toBe(false);
  });

  it('are ended by the judge or a member, nobody else', () => {
    const inside = { ...counsel, room: 'consultation-1' as const };
    expect(mayEndConsultation(judge, 'consultation-1')).toBe(true);
    expect(mayEndConsultation(inside, 'consultation-1')).toBe(true);
    expect(mayEndConsultation(defendant, 'consultation-1')).toBe(false);
    expect(mayEndConsultation(judge, 'courtroom')).toBe(false);
  });

  it('are listed with their members', () => {
    const people = [judge, { ...counsel, room: 'consultation-1' as const }, { ...defendant, room: 'consultation-1' as const }];
    expect(openConsultations(people).map((c) => [c.room, c.members.map((p) => p.id)])).toEqual([['consultation-1', ['counsel', 'def']]]);
  });

  it('are granted as asked only while everyone named is still in the courtroom', () => {
    const request = { byId: 'counsel', withIds: ['def'], at: '2026-11-29T09:00:00Z' };
    expect(isGrantable(request, everyone)).toBe(true);
    expect(isGrantable(request, [judge, counsel, { ...defendant, status: 'left' }])).toBe(false);
  });
});

describe('consultation requests in the session state', () => {
  const request = { byId: 'counsel', withIds: ['def'], at: '2026-11-29T09:00:00Z' };
  const snapshot = (requests?: (typeof request)[]): HearingSnapshot => ({
    self: counsel,
    hearing: hearing('recess'),
    participants: everyone,
    lobby: [],
    producers: [],
    activeSpeakerId: null,
    displayLayout: { mode: 'speaker' },
    ...(requests ? { consultationRequests: requests } : {}),
  });

  it('come from the snapshot (none when absent) and are replaced by consultation.requests', () => {
    const joined = fromSnapshot(INITIAL_STATE, snapshot([request]));
    expect(joined.consultationRequests).toEqual([request]);
    expect(ownRequest(joined)).toEqual(request);
    expect(fromSnapshot(joined, snapshot()).consultationRequests).toEqual([]);
    const granted = applyNotification(joined, { type: 'consultation.requests', requests: [] });
    expect(granted.consultationRequests).toEqual([]);
    expect(ownRequest(granted)).toBeNull();
  });
});

describe('whom one sees', () => {
  const media: MediaState = { status: 'ready', error: null, local: {}, micOn: true, cameraOn: true, screenOn: false, remote: {} };
  const state = (self: ParticipantView, participants: ParticipantView[]): SessionState => ({
    ...INITIAL_STATE,
    phase: 'in_hearing',
    self,
    participants,
  });
  const ids = (s: SessionState) => buildTiles(s, media).map((tile) => tile.participant.id);

  it('is one’s own room: the courtroom sees nobody from the side rooms', () => {
    expect(ids(state(judge, everyone)).sort()).toEqual(['assessor', 'clerk', 'counsel', 'def', 'judge', 'victim', 'x1']);
  });

  it('is nobody but oneself in the witness room, not even other witnesses', () => {
    const other = person('w2', 'witness', 'witness');
    expect(ids(state(witness, [...everyone, other]))).toEqual(['w1']);
    expect(sameRoom(witness, [...everyone, other]).map((p) => p.id)).toEqual(['w1']);
  });

  it('is the members only in a consultation or in the deliberation room', () => {
    const inside = [
      { ...counsel, room: 'consultation-1' as const },
      { ...defendant, room: 'consultation-1' as const },
    ];
    expect(ids(state(inside[0]!, [...everyone.filter((p) => p.id !== 'counsel' && p.id !== 'def'), ...inside])).sort()).toEqual([
      'counsel',
      'def',
    ]);
    const panel = [judge, assessor].map((p) => ({ ...p, room: 'deliberation' as const }));
    expect(ids(state(panel[0]!, [...panel, clerk, defendant])).sort()).toEqual(['assessor', 'judge']);
  });
});
