import { describe, expect, it } from 'vitest';
import { PermissionDeniedError } from '../../../core/hearing/errors.js';
import { BENCH_ROLES, can, ensureAllowed, type Action } from '../../../core/hearing/permissions.js';
import { ROLES, type Role } from '../../../core/protocol/model.js';

/** Every action, once: the type checker fails this object when permissions.ts gains one. */
const EVERY_ACTION: Record<Action, true> = {
  admit: true,
  deny: true,
  viewLobby: true,
  mute: true,
  remove: true,
  transition: true,
  arrangeDisplay: true,
  markAttendance: true,
  muteAll: true,
  allowScreen: true,
  shareScreen: true,
  raiseHand: true,
  viewHands: true,
  lowerHands: true,
  chat: true,
  chatAnyone: true,
  openChat: true,
  moveAnyone: true,
  moveWitnesses: true,
  produce: true,
  consume: true,
};
const ACTIONS = Object.keys(EVERY_ACTION) as Action[];
type FirstAction = 'admit' | 'deny' | 'viewLobby' | 'mute' | 'remove' | 'transition' | 'arrangeDisplay' | 'produce' | 'consume';

// Who may do what, written out by hand: every role × every action.
const Y = true;
const N = false;
const row = (
  admit: boolean,
  deny: boolean,
  viewLobby: boolean,
  mute: boolean,
  remove: boolean,
  transition: boolean,
  arrangeDisplay: boolean,
  produce: boolean,
  consume: boolean,
) => ({ admit, deny, viewLobby, mute, remove, transition, arrangeDisplay, produce, consume }) satisfies Record<FirstAction, boolean>;
const PARTIES: readonly Role[] = [
  'prosecutor',
  'counsel',
  'representative',
  'defendant',
  'victim',
  'plaintiff',
  'respondent',
  'related_party',
  'witness',
  'expert',
  'interpreter',
];
/** Actions added since, written as the roles that hold them (no other role does). */
const LATER: Record<Exclude<Action, FirstAction>, readonly Role[]> = {
  markAttendance: ['judge', 'clerk'],
  muteAll: ['judge'],
  allowScreen: ['judge'],
  // The bench shares its screen at will; anyone else once the presiding judge allows it (FloorCommands).
  shareScreen: ['judge', 'panel_judge', 'assessor', 'clerk'],
  // Hands and chat (Hands.ts, Chat.ts): the presiding judge gives the floor rather than asking for it.
  raiseHand: ['panel_judge', 'assessor', 'clerk', ...PARTIES],
  viewHands: ['judge', 'panel_judge', 'assessor', 'clerk'],
  lowerHands: ['judge'],
  chat: ['judge', 'panel_judge', 'assessor', 'clerk', ...PARTIES, 'observer'],
  chatAnyone: ['judge', 'clerk'],
  openChat: ['judge'],
  // Rooms (rooms.ts): the presiding judge moves anyone; the clerk calls witnesses and experts in and sends them back.
  moveAnyone: ['judge'],
  moveWitnesses: ['clerk'],
};
const withLater = (role: Role, first: Record<FirstAction, boolean>): Record<Action, boolean> => ({
  ...first,
  ...(Object.fromEntries(Object.entries(LATER).map(([action, roles]) => [action, roles.includes(role)])) as Record<
    Exclude<Action, FirstAction>,
    boolean
  >),
});
// Columns: admit, deny, viewLobby, mute, remove, transition, arrangeDisplay, produce, consume.
const EXPECTED: Record<Role, Record<FirstAction, boolean>> = {
  judge: row(Y, Y, Y, Y, Y, Y, Y, Y, Y),
  panel_judge: row(N, N, Y, N, N, N, N, Y, Y),
  assessor: row(N, N, Y, N, N, N, N, Y, Y),
  clerk: row(Y, N, Y, N, N, N, N, Y, Y),
  prosecutor: row(N, N, N, N, N, N, N, Y, Y),
  counsel: row(N, N, N, N, N, N, N, Y, Y),
  representative: row(N, N, N, N, N, N, N, Y, Y),
  defendant: row(N, N, N, N, N, N, N, Y, Y),
  victim: row(N, N, N, N, N, N, N, Y, Y),
  plaintiff: row(N, N, N, N, N, N, N, Y, Y),
  respondent: row(N, N, N, N, N, N, N, Y, Y),
  related_party: row(N, N, N, N, N, N, N, Y, Y),
  witness: row(N, N, N, N, N, N, N, Y, Y),
  expert: row(N, N, N, N, N, N, N, Y, Y),
  interpreter: row(N, N, N, N, N, N, N, Y, Y),
  observer: row(N, N, N, N, N, N, N, N, Y),
  device: row(N, N, N, N, N, N, N, Y, Y),
};

const cells = ROLES.flatMap((role) => ACTIONS.map((action) => ({ role, action, allowed: withLater(role, EXPECTED[role])[action] })));

describe('permissions per role (permissions.ts)', () => {
  it('the expected table covers every role of the protocol and every action', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...ROLES].sort());
    for (const role of ROLES) expect(Object.keys(withLater(role, EXPECTED[role])).sort()).toEqual([...ACTIONS].sort());
    expect(cells).toHaveLength(ROLES.length * ACTIONS.length);
  });

  it.each(cells.filter((c) => c.allowed))('$role may $action', ({ role, action }) => {
    expect(can(role, action)).toBe(true);
    expect(() => ensureAllowed(role, action)).not.toThrow();
  });

  it.each(cells.filter((c) => !c.allowed))('$role may not $action (forbidden)', ({ role, action }) => {
    expect(can(role, action)).toBe(false);
    expect(() => ensureAllowed(role, action)).toThrow(PermissionDeniedError);
    try {
      ensureAllowed(role, action);
    } catch (error) {
      expect((error as PermissionDeniedError).code).toBe('forbidden');
    }
  });

  it('only the presiding judge holds the presiding powers (deny, mute, mute all, screen permission, remove, transition); the clerk also admits', () => {
    for (const action of ['deny', 'mute', 'muteAll', 'allowScreen', 'remove', 'transition'] as const) {
      expect(ROLES.filter((r) => can(r, action))).toEqual(['judge']);
    }
    expect(ROLES.filter((r) => can(r, 'admit'))).toEqual(['judge', 'clerk']);
  });

  it('the bench (skips the lobby) is the panel and the clerk', () => {
    expect([...BENCH_ROLES].sort()).toEqual(['assessor', 'clerk', 'judge', 'panel_judge']);
  });
});
