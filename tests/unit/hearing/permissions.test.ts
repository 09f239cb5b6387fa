import { describe, expect, it } from 'vitest';
import { PermissionDeniedError } from '../../../core/hearing/errors.js';
import { BENCH_ROLES, can, ensureAllowed, type Action } from '../../../core/hearing/permissions.js';
import { ROLES, type Role } from '../../../core/protocol/model.js';

const ACTIONS: readonly Action[] = ['admit', 'viewLobby', 'mute', 'remove', 'transition', 'arrangeDisplay', 'produce', 'consume'];

// Who may do what, written out by hand: every role × every action.
const Y = true;
const N = false;
const EXPECTED: Record<Role, Record<Action, boolean>> = {
  //           admit viewLobby mute remove transition arrangeDisplay produce consume
  judge: /*      */ { admit: Y, viewLobby: Y, mute: Y, remove: Y, transition: Y, arrangeDisplay: Y, produce: Y, consume: Y },
  clerk: /*      */ { admit: N, viewLobby: Y, mute: N, remove: N, transition: N, arrangeDisplay: N, produce: Y, consume: Y },
  prosecutor: /* */ { admit: N, viewLobby: N, mute: N, remove: N, transition: N, arrangeDisplay: N, produce: Y, consume: Y },
  counsel: /*    */ { admit: N, viewLobby: N, mute: N, remove: N, transition: N, arrangeDisplay: N, produce: Y, consume: Y },
  defendant: /*  */ { admit: N, viewLobby: N, mute: N, remove: N, transition: N, arrangeDisplay: N, produce: Y, consume: Y },
  witness: /*    */ { admit: N, viewLobby: N, mute: N, remove: N, transition: N, arrangeDisplay: N, produce: Y, consume: Y },
  interpreter: /**/ { admit: N, viewLobby: N, mute: N, remove: N, transition: N, arrangeDisplay: N, produce: Y, consume: Y },
  observer: /*   */ { admit: N, viewLobby: N, mute: N, remove: N, transition: N, arrangeDisplay: N, produce: N, consume: Y },
  device: /*     */ { admit: N, viewLobby: N, mute: N, remove: N, transition: N, arrangeDisplay: N, produce: Y, consume: Y },
};

const cells = ROLES.flatMap((role) => ACTIONS.map((action) => ({ role, action, allowed: EXPECTED[role][action] })));

describe('permissions per role (permissions.ts)', () => {
  it('the expected table covers every role of the protocol and every action', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...ROLES].sort());
    for (const role of ROLES) expect(Object.keys(EXPECTED[role]).sort()).toEqual([...ACTIONS].sort());
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

  it('only the judge holds the presiding powers (admit, mute, remove, transition)', () => {
    for (const action of ['admit', 'mute', 'remove', 'transition'] as const) {
      expect(ROLES.filter((r) => can(r, action))).toEqual(['judge']);
    }
  });

  it('the bench (skips the lobby) is the judge and the clerk', () => {
    expect([...BENCH_ROLES].sort()).toEqual(['clerk', 'judge']);
  });
});
