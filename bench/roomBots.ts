// The client side of bench/rooms.ts, in its own process so the bots' WebRTC work does not share
// the server's event loop. Ten bots, each the courtroom client's own core (HearingSession →
// MediaSession → mediasoup-client) over @roamhq/wrtc with a synthetic 640×360 camera and a tone
// for a microphone (bench/wrtcEnv.ts). The presiding judge's bot opens the hearing, admits
// everyone and moves people between rooms with the client's own `room.move` request; the mover
// and the courtroom are watched here, in one process, so every time below is on one clock.
import { firstDecodedFrame, setBotCamera, setBotMicrophone } from './wrtcEnv.js';
import { HearingSession } from '../client/src/core/HearingSession.js';
import type { Role } from '../core/protocol/model.js';
import type { RoomId } from '../core/protocol/rooms.js';

export interface Person {
  id: string;
  token: string;
  role: Role;
}

export type ParentMessage =
  /** people[0] is the presiding judge. */
  | { type: 'setup'; base: string; people: Person[] }
  /** `count` call-ins of `moverId` (witness room → courtroom), each followed by a send-back. */
  | { type: 'moves'; moverId: string; count: number }
  /** The judge moves these people, then gives `consult` a consultation room (if any). */
  | { type: 'arrange'; moves: { participantId: string; room: RoomId }[]; consult?: string[] }
  | { type: 'cpu' }
  | { type: 'teardown' }
  | { type: 'exit' };

export type ChildMessage =
  | { type: 'ready' }
  /** `refused`: consume requests the server refused during the moves. */
  | { type: 'moves'; ms: Record<string, number[]>; refused: number }
  /** Where `consult` went: the consultation room, or how the bench stood in for one. */
  | { type: 'arranged'; consultation: string | null }
  /** This process's CPU time so far (every thread: libwebrtc's encoders and decoders too), µs. */
  | { type: 'cpu'; us: number }
  | { type: 'torn-down' }
  | { type: 'error'; message: string };

const MOVE_TIMEOUT_MS = 20_000;

/**
 * Consumes the server refused, counted rather than printed: the client asks again for each
 * consumer the server closes (MediaSession: consumerClosed), and a move out of a room closes
 * them before the producerClosed that makes the client forget them arrives.
 */
let refused = 0;
const warn = console.warn;
console.warn = (...args: unknown[]) => {
  if (typeof args[0] === 'string' && args[0].startsWith('[vcourt] consume failed')) refused++;
  else warn(...args);
};

const send = (m: ChildMessage) => process.send!(m);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves true once `test` holds for the sessions' state, false after `timeoutMs`. */
function until(sessions: HearingSession[], test: () => boolean, timeoutMs = MOVE_TIMEOUT_MS): Promise<boolean> {
  return new Promise((resolve) => {
    const offs: (() => void)[] = [];
    const done = (ok: boolean) => {
      clearTimeout(timer);
      for (const off of offs) off();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    const check = () => {
      if (test()) done(true);
    };
    for (const s of sessions) offs.push(s.subscribe(check), s.media.subscribe(check));
    check();
  });
}

const camera = (s: HearingSession, of: string) => s.media.getSnapshot().remote[of]?.camera;
const receives = (s: HearingSession) => Object.keys(s.media.getSnapshot().remote).length;

/** Waits for `of`'s camera to appear at `s`, then for its first decoded frame. */
async function frameOf(s: HearingSession, of: string): Promise<boolean> {
  if (!(await until([s], () => !!camera(s, of)))) return false;
  return Promise.race([firstDecodedFrame(camera(s, of)!).then(() => true), sleep(MOVE_TIMEOUT_MS).then(() => false)]);
}

let judge: HearingSession | null = null;
const sessions = new Map<string, HearingSession>();
const roleOf = new Map<string, Role>();
/** Where the bench put each bot; witnesses and experts start in the witness room (core/hearing/rooms.ts). */
const rooms = new Map<string, RoomId>();
const roomOf = (id: string): RoomId => rooms.get(id) ?? (['witness', 'expert'].includes(roleOf.get(id) ?? '') ? 'witness' : 'courtroom');

async function setup(base: string, people: Person[]): Promise<void> {
  setBotCamera(true);
  setBotMicrophone(true);
  const [chair, ...rest] = people;
  judge = new HearingSession({ token: chair!.token, role: 'judge', url: base });
  const j = judge;
  sessions.set(chair!.id, j);
  j.connect();
  if (!(await until([j], () => j.getSnapshot().phase === 'in_hearing', 60_000))) throw new Error('the judge bot never got in');
  await j.transition('open');
  const asked = new Set<string>();
  j.subscribe(() => {
    for (const p of j.getSnapshot().lobby) {
      if (asked.has(p.id)) continue;
      asked.add(p.id);
      j.admit(p.id).catch(() => asked.delete(p.id));
    }
  });
  for (const p of rest) {
    const s = new HearingSession({ token: p.token, role: p.role, url: base });
    sessions.set(p.id, s);
    s.connect();
  }
  const all = [...sessions.values()];
  const up = (s: HearingSession) => s.getSnapshot().phase === 'in_hearing' && s.media.getSnapshot().status === 'ready';
  if (!(await until(all, () => all.every(up), 120_000))) {
    throw new Error(`bots not ready: ${all.filter((s) => !up(s)).length} of ${all.length}`);
  }
}

const move = (participantId: string, room: RoomId) => judge!.request({ type: 'room.move', participantId, room });

/**
 * One call-in and one send-back of the mover, timed from the moment the judge's request leaves
 * (the click). The courtroom is everyone else in the courtroom at that moment.
 */
async function moveOnce(moverId: string, ms: Record<string, number[]>): Promise<void> {
  const mover = sessions.get(moverId)!;
  const inCourt = [...sessions].filter(([id]) => id !== moverId && roomOf(id) === 'courtroom');
  const record = (name: string, v: number) => (ms[name] ??= []).push(v);
  const max = (xs: number[]) => (xs.some(Number.isNaN) ? NaN : Math.max(...xs));

  let t0 = performance.now();
  const since = (p: Promise<unknown>) =>
    p.then(
      (ok) => (ok === false ? NaN : performance.now() - t0),
      () => NaN,
    );
  const callIn = await Promise.all([
    since(move(moverId, 'courtroom')),
    since(until([mover], () => receives(mover) > 0)),
    Promise.all(inCourt.map(([id]) => since(frameOf(mover, id)))),
    Promise.all(inCourt.map(([, s]) => since(frameOf(s, moverId)))),
    since(until([judge!], () => !!camera(judge!, moverId))),
  ]);
  rooms.set(moverId, 'courtroom');
  record('call-in: reply', callIn[0]);
  record('call-in: mover, first consumer', callIn[1]);
  record('call-in: mover, first frame', Math.min(...callIn[2].map((v) => (Number.isNaN(v) ? Infinity : v))));
  record('call-in: mover, every camera', max(callIn[2]));
  record('call-in: judge, consumer of mover', callIn[4]);
  record("call-in: judge, mover's frame", callIn[3][0]!);
  record("call-in: courtroom, mover's frame", max(callIn[3]));
  await sleep(500);

  t0 = performance.now();
  const sendBack = await Promise.all([
    since(move(moverId, 'witness')),
    since(until([mover], () => receives(mover) === 0)),
    since(
      until(
        inCourt.map(([, s]) => s),
        () => inCourt.every(([, s]) => !s.media.getSnapshot().remote[moverId]),
      ),
    ),
  ]);
  rooms.set(moverId, 'witness');
  record('send-back: reply', sendBack[0]);
  record("send-back: mover's inbound closed", sendBack[1]);
  record('send-back: courtroom drops mover', sendBack[2]);
  await sleep(500);
}

async function arrange(moves: { participantId: string; room: RoomId }[], consult?: string[]): Promise<string | null> {
  for (const m of moves) {
    await move(m.participantId, m.room);
    rooms.set(m.participantId, m.room);
  }
  if (!consult?.length) return null;
  try {
    const { room } = await judge!.request({ type: 'consultation.open', participantIds: consult });
    for (const id of consult) rooms.set(id, room);
    return room;
  } catch (error) {
    // Until the consultation commands exist: the witness room (the bench says so; it carries no media, so it saves more).
    for (const id of consult) {
      await move(id, 'witness');
      rooms.set(id, 'witness');
    }
    return `none: witness room instead (consultation.open: ${error instanceof Error ? error.message : String(error)})`;
  }
}

function teardown(): void {
  for (const s of sessions.values()) s.dispose();
  sessions.clear();
  rooms.clear();
  judge = null;
}

process.on('message', (m: ParentMessage) => {
  void (async () => {
    try {
      if (m.type === 'exit') process.exit(0);
      if (m.type === 'setup') {
        for (const p of m.people) roleOf.set(p.id, p.role);
        await setup(m.base, m.people);
        send({ type: 'ready' });
      }
      if (m.type === 'moves') {
        const ms: Record<string, number[]> = {};
        refused = 0;
        for (let i = 0; i < m.count; i++) await moveOnce(m.moverId, ms);
        send({ type: 'moves', ms, refused });
      }
      if (m.type === 'arrange') send({ type: 'arranged', consultation: await arrange(m.moves, m.consult) });
      if (m.type === 'cpu') {
        const u = process.cpuUsage();
        send({ type: 'cpu', us: u.user + u.system });
      }
      if (m.type === 'teardown') {
        teardown();
        await sleep(1000); // let the peer connections close before the next hearing's bots start
        send({ type: 'torn-down' });
      }
    } catch (error) {
      send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  })();
});
