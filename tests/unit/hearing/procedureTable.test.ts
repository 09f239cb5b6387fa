// The procedure of a Vietnamese first-instance hearing as two explicit tables, each checked cell by
// cell against the real domain (SQLite in memory; media faked by FakeMediaRoomPort):
//   1. every point a hearing can be at (state, and stage) × every transition the presiding judge can
//      ask for: where it leads (state/stage, +outcome once ended), or refused with its stable code;
//   2. every role × every signaling command: allowed, or refused with its stable code.
// docs/procedure.md is generated from what the code does (scripts/procedure-tables.ts).
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DomainError } from '../../../core/hearing/errors.js';
import { nextState } from '../../../core/hearing/transitions.js';
import { ROLES, TRANSITIONS, type HearingOutcome, type Role, type TransitionAction } from '../../../core/protocol/model.js';
import { legalMoves, moveTo, PROCEDURE, type ProcedurePoint } from '../../../core/protocol/procedure.js';
import { COMMAND_CASES, requestTypes, tryCommand } from '../../support/commandProbe.js';
import { makeDomain, type Domain } from '../../support/domain.js';
import { DOC_PATH, renderProcedureDoc, type CommandAnswers } from '../../../scripts/procedureDoc.js';

// ---- 1. point × transition ----------------------------------------------------------------------

/** Refused: the move is not part of the procedure there (invalid_state). */
const NO = '—';
type Cell = string;
/** One row, in the order of TRANSITIONS: open, start, examine, argue, deliberate, pronounce, recess, resume, adjourn, postpone. */
const row = (...cells: Cell[]): Record<TransitionAction, Cell> => {
  if (cells.length !== TRANSITIONS.length) throw new Error(`a row has ${TRANSITIONS.length} cells, not ${cells.length}`);
  return Object.fromEntries(TRANSITIONS.map((a, i) => [a, cells[i]!])) as Record<TransitionAction, Cell>;
};

// prettier-ignore
const PROCEDURE_TABLE: Record<string, Record<TransitionAction, Cell>> = {
  //                              open    start                 examine                   argue                   deliberate                pronounce                   recess                  resume                      adjourn                 postpone
  'scheduled':                row('open', NO,                   NO,                       NO,                     NO,                       NO,                         NO,                     NO,                         NO,                     NO),
  'open':                     row(NO,     'in_session/opening', NO,                       NO,                     NO,                       NO,                         NO,                     NO,                         'adjourned+ended',      'adjourned+postponed'),
  'in_session/opening':       row(NO,     NO,                   'in_session/examination', NO,                     NO,                       NO,                         'recess/opening',       NO,                         'adjourned+ended',      'adjourned+postponed'),
  'in_session/examination':   row(NO,     NO,                   NO,                       'in_session/arguments', NO,                       NO,                         'recess/examination',   NO,                         'adjourned+ended',      NO),
  'in_session/arguments':     row(NO,     NO,                   'in_session/examination', NO,                     'deliberation/arguments', NO,                         'recess/arguments',     NO,                         'adjourned+ended',      NO),
  'in_session/pronouncement': row(NO,     NO,                   NO,                       NO,                     NO,                       NO,                         'recess/pronouncement', NO,                         'adjourned+concluded',  NO),
  'recess/opening':           row(NO,     NO,                   NO,                       NO,                     NO,                       NO,                         NO,                     'in_session/opening',       'adjourned+ended',      'adjourned+postponed'),
  'recess/examination':       row(NO,     NO,                   NO,                       NO,                     NO,                       NO,                         NO,                     'in_session/examination',   'adjourned+ended',      NO),
  'recess/arguments':         row(NO,     NO,                   NO,                       NO,                     NO,                       NO,                         NO,                     'in_session/arguments',     'adjourned+ended',      NO),
  'recess/pronouncement':     row(NO,     NO,                   NO,                       NO,                     NO,                       NO,                         NO,                     'in_session/pronouncement', 'adjourned+ended',      NO),
  'deliberation/arguments':   row(NO,     NO,                   'in_session/examination', NO,                     NO,                       'in_session/pronouncement', NO,                     NO,                         'adjourned+ended',      NO),
  'adjourned':                row(NO,     NO,                   NO,                       NO,                     NO,                       NO,                         NO,                     NO,                         NO,                     NO),
};

const REASON = 'Vắng mặt người làm chứng quan trọng';
const pointName = (p: ProcedurePoint & { outcome?: HearingOutcome | null }) =>
  p.outcome ? `${p.state}+${p.outcome}` : p.stage ? `${p.state}/${p.stage}` : p.state;

/** Every point the procedure can reach from scheduling, with the shortest way there. */
function reachable(): Map<string, { at: ProcedurePoint; path: TransitionAction[] }> {
  const found = new Map<string, { at: ProcedurePoint; path: TransitionAction[] }>();
  const queue = [{ at: { state: 'scheduled', stage: null } as ProcedurePoint, path: [] as TransitionAction[] }];
  found.set('scheduled', queue[0]!);
  for (let item = queue.shift(); item; item = queue.shift()) {
    for (const action of legalMoves(item.at)) {
      const { state, stage } = moveTo(item.at, action);
      const next = { at: { state, stage }, path: [...item.path, action] };
      if (!found.has(pointName(next.at))) {
        found.set(pointName(next.at), next);
        queue.push(next);
      }
    }
  }
  return found;
}
const POINTS = reachable();

const transitionCells = Object.entries(PROCEDURE_TABLE).flatMap(([point, cells]) =>
  TRANSITIONS.map((action) => ({ point, action, to: cells[action] })),
);

describe('the procedure: every point × every transition (the presiding judge asks, the domain decides)', () => {
  let d: Domain;
  beforeEach(async () => {
    d = await makeDomain();
  });
  afterEach(() => d.close());

  /** The presiding judge joins and takes the hearing to `point` the shortest way. */
  async function reach(point: string): Promise<void> {
    await d.service.join(d.ref('judge'));
    for (const step of POINTS.get(point)!.path)
      await d.service.transition(d.ref('judge'), step, PROCEDURE[step].needsReason ? REASON : undefined);
  }
  /** The presiding judge asks for `action`: 'ok', or the stable code it is refused with. */
  async function ask(action: TransitionAction, reason?: string): Promise<string> {
    try {
      await d.service.transition(d.ref('judge'), action, reason);
      return 'ok';
    } catch (error) {
      return (error as DomainError).code;
    }
  }

  it('has one row for each point the procedure can reach from scheduling, and no other', () => {
    expect(Object.keys(PROCEDURE_TABLE).sort()).toEqual([...POINTS.keys()].sort());
    expect(transitionCells).toHaveLength(POINTS.size * TRANSITIONS.length);
  });

  it.each(transitionCells.filter((c) => c.to !== NO))('$point --$action--> $to', async ({ point, action, to }) => {
    await reach(point);
    expect(await ask(action, PROCEDURE[action].needsReason ? REASON : undefined)).toBe('ok');
    const after = (await d.store.hearings.get(d.hearing.id))!;
    expect(pointName(after)).toBe(to);
    expect(pointName(nextState(POINTS.get(point)!.at, action, REASON))).toBe(to);
    const event = (await d.store.audit.list(d.hearing.id)).at(-1)!;
    expect(event.type).toBe(`hearing.${action}`);
    expect(event.data).toMatchObject({ to: after.state, stage: after.stage, outcome: after.outcome });
    if (PROCEDURE[action].needsReason) expect(event.data.reason).toBe(REASON);
  });

  it.each(transitionCells.filter((c) => c.to === NO))(
    '$point --$action--> refused (invalid_state), nothing changes',
    async ({ point, action }) => {
      await reach(point);
      const before = await d.dump();
      expect(await ask(action, REASON)).toBe('invalid_state');
      expect(await d.dump()).toBe(before);
    },
  );

  it('suspension (tạm ngừng) and postponement (hoãn) are the moves that need a reason', () => {
    expect(TRANSITIONS.filter((a) => PROCEDURE[a].needsReason)).toEqual(['recess', 'postpone']);
  });

  it.each(transitionCells.filter((c) => c.to !== NO && PROCEDURE[c.action].needsReason))(
    '$point --$action--> without a reason: refused (invalid_input), nothing changes',
    async ({ point, action }) => {
      await reach(point);
      const before = await d.dump();
      expect(await ask(action, '   ')).toBe('invalid_input');
      expect(await d.dump()).toBe(before);
    },
  );
});

// ---- 2. role × signaling command ----------------------------------------------------------------

const EVERYONE: readonly Role[] = ROLES;
const ONLY = (...roles: Role[]): readonly Role[] => roles;
const ALL_BUT = (...roles: Role[]): readonly Role[] => ROLES.filter((r) => !roles.includes(r));

/**
 * Who may send each command (its scene: tests/support/commandProbe.ts); every other role is refused
 * with `forbidden` and nothing changes. The courtroom device is a camera.
 */
const WHO_MAY: Record<string, readonly Role[]> = {
  join: EVERYONE,
  leave: EVERYONE,
  // The lobby: the clerk lets people in; refusing someone is the presiding judge's decision.
  'lobby.admit': ONLY('judge', 'clerk'),
  'lobby.deny': ONLY('judge'),
  // The presiding judge's powers over the courtroom.
  'participant.mute': ONLY('judge'),
  'participant.unmute': ONLY('judge'),
  'participant.remove': ONLY('judge'),
  'participant.muteAll': ONLY('judge'),
  'participant.allowScreen': ONLY('judge'),
  'hearing.transition': ONLY('judge'),
  'display.setLayout': ONLY('judge'),
  // Attendance (điểm danh): the clerk and the presiding judge.
  'attendance.mark': ONLY('judge', 'clerk'),
  // Receiving media: everyone admitted, the observer included.
  'media.getRouterRtpCapabilities': EVERYONE,
  'media.iceServers': EVERYONE,
  'media.createTransport (recv)': EVERYONE,
  'media.connectTransport': EVERYONE,
  'media.restartIce': EVERYONE,
  'media.consume': EVERYONE,
  'media.resumeConsumer': EVERYONE,
  'media.setConsumerLayers': EVERYONE,
  // Sending media: everyone but the observer, who only watches.
  'media.createTransport (send)': ALL_BUT('observer'),
  'media.produce': ALL_BUT('observer'),
  'media.closeProducer': ALL_BUT('observer'),
  'media.pauseProducer': ALL_BUT('observer'),
  'media.resumeProducer': ALL_BUT('observer'),
  // The equipment check and one's own link figures: anyone with a link.
  'probe.start': EVERYONE,
  'probe.connect': EVERYONE,
  'probe.produce': EVERYONE,
  'probe.finish': EVERYONE,
  'equipment.report': EVERYONE,
  'media.quality': EVERYONE,
  // Asking for the floor: those who may speak, not the presiding judge (who gives it) nor the observer or a camera.
  'hand.raise': ALL_BUT('judge', 'observer', 'device'),
  'hand.lower (own)': ALL_BUT('judge', 'observer', 'device'),
  'hand.lower (another’s)': ONLY('judge'),
  // Chat: people only; to everyone only the bench while open chat is closed (as it starts).
  'chat.send (to the clerk)': ALL_BUT('device'),
  'chat.send (to everyone)': ONLY('judge', 'clerk'),
  'chat.setOpen': ONLY('judge'),
  'room.move': ONLY('judge'),
  // Private consultations: the presiding judge opens and ends them; counsel asks (during a recess only).
  'consultation.open': ONLY('judge'),
  'consultation.request': ONLY('counsel', 'representative'),
  'consultation.decline': ONLY('judge'),
  'consultation.end': ONLY('judge'),
};
/** Cells whose role may send the command but whose scene makes it fail otherwise. */
const OTHER_ANSWERS: Record<string, Partial<Record<Role, string>>> = {
  // The clerk does not write to themselves.
  'chat.send (to the clerk)': { clerk: 'invalid_input' },
  // The scene is in session, not a recess.
  'consultation.request': { counsel: 'invalid_state', representative: 'invalid_state' },
  // No consultation is open in the scene, and nobody asked for one.
  'consultation.end': { judge: 'not_found' },
  'consultation.decline': { judge: 'not_found' },
};

const commandCells = COMMAND_CASES.flatMap((command) =>
  ROLES.map((role) => ({
    command,
    name: command.name,
    role,
    expected: OTHER_ANSWERS[command.name]?.[role] ?? ((WHO_MAY[command.name] ?? []).includes(role) ? 'ok' : 'forbidden'),
  })),
);

describe('who may send each signaling command: every role × every command (schema, handler, real domain)', () => {
  it('has a row for every command of the protocol, and every role of ROLES in each', () => {
    expect([...new Set(COMMAND_CASES.map((c) => c.type))].sort()).toEqual(requestTypes().sort());
    expect(Object.keys(WHO_MAY).sort()).toEqual(COMMAND_CASES.map((c) => c.name).sort());
    expect(commandCells).toHaveLength(COMMAND_CASES.length * ROLES.length);
  });

  it.each(commandCells.filter((c) => c.expected === 'ok'))('$role may send $name', async ({ role, command }) => {
    expect((await tryCommand(role, command)).answer).toBe('ok');
  });

  it.each(commandCells.filter((c) => c.expected === 'forbidden'))(
    '$role may not send $name (forbidden), nothing changes',
    async ({ role, command }) => {
      expect(await tryCommand(role, command)).toEqual({ answer: 'forbidden', changed: false });
    },
  );

  it.each(commandCells.filter((c) => c.expected !== 'ok' && c.expected !== 'forbidden'))(
    '$role sending $name is refused ($expected), nothing changes',
    async ({ role, command, expected }) => {
      expect(await tryCommand(role, command)).toEqual({ answer: expected, changed: false });
    },
  );
});

// ---- docs/procedure.md --------------------------------------------------------------------------

describe('docs/procedure.md', () => {
  it('is up to date (npm run docs:procedure writes it)', () => {
    // The role × command answers are the table above, which the cells above check against the
    // domain one by one; the procedure and the names are read from the code by the renderer itself.
    const answers: CommandAnswers = new Map(
      COMMAND_CASES.map((c) => [
        c.name,
        Object.fromEntries(commandCells.filter((x) => x.name === c.name).map((x) => [x.role, x.expected])) as Record<Role, string>,
      ]),
    );
    expect(readFileSync(DOC_PATH, 'utf8'), 'docs/procedure.md is out of date: run `npm run docs:procedure`').toBe(
      renderProcedureDoc(answers),
    );
  });
});
