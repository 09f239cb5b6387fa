// The client side of bench/join-bots.ts, in its own process so the bots' WebRTC work does not
// share the server's event loop. Each bot is the courtroom client's own core (HearingSession →
// MediaSession → mediasoup-client) over @roamhq/wrtc: invitation → lobby → admitted → transports
// → first decoded frame of the judge's camera. The judge (a bot too) opens the hearing, sends a
// synthetic camera and admits whoever appears in the lobby at once.
import { firstDecodedFrame, setBotCamera } from './wrtcEnv.js';
import { Socket } from 'socket.io-client';
import { HearingSession } from '../client/src/core/HearingSession.js';
import type { Role } from '../core/protocol/model.js';

export type ParentMessage =
  | { type: 'judge'; base: string; token: string }
  | { type: 'round'; base: string; judgeId: string; bots: { token: string; role: Role }[] }
  | { type: 'exit' };

export interface BotResult {
  toLobby: number;
  toAdmitted: number;
  toFirstFrame: number;
  admittedToFirstFrame: number;
}

export type ChildMessage =
  | { type: 'judge-ready' }
  | { type: 'round'; bots: BotResult[]; acks: Record<string, number[]>; failed: string[] }
  | { type: 'error'; message: string };

// The bots have no microphone; the client logs that each time it tries. Keep the output readable.
const warn = console.warn;
console.warn = (...args: unknown[]) => {
  if (typeof args[0] === 'string' && args[0].startsWith('[vcourt] cannot capture')) return;
  warn(...args);
};

/**
 * Acknowledgement times, by request type, of every request any session sends: socket.io's emit
 * is wrapped so the client code runs unchanged.
 */
let acks: Record<string, number[]> = {};
const emit = Socket.prototype.emit;
Socket.prototype.emit = function (this: Socket, event: string, ...args: unknown[]) {
  const ack = args[args.length - 1];
  const msg = args[0] as { type?: string } | undefined;
  if (event === 'request' && typeof ack === 'function' && msg?.type) {
    const t0 = performance.now();
    args[args.length - 1] = (...reply: unknown[]) => {
      (acks[msg.type!] ??= []).push(performance.now() - t0);
      return (ack as (...a: unknown[]) => unknown)(...reply);
    };
  }
  return emit.call(this, event, ...(args as [])) as never;
} as typeof Socket.prototype.emit;

const send = (m: ChildMessage) => process.send!(m);

function when(session: HearingSession, test: () => boolean, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      un();
      reject(new Error(`timed out (phase ${session.getSnapshot().phase}, media ${session.media.getSnapshot().status})`));
    }, timeoutMs);
    const check = () => {
      if (!test()) return;
      clearTimeout(timer);
      un();
      resolve();
    };
    const un1 = session.subscribe(check);
    const un2 = session.media.subscribe(check);
    const un = () => {
      un1();
      un2();
    };
    check();
  });
}

let judge: HearingSession | null = null;

async function startJudge(base: string, token: string): Promise<void> {
  setBotCamera(true);
  judge = new HearingSession({ token, role: 'judge', url: base });
  judge.connect();
  await when(judge, () => judge!.getSnapshot().phase === 'in_hearing');
  await judge.transition('open');
  const asked = new Set<string>();
  const admitAll = () => {
    for (const p of judge!.getSnapshot().lobby) {
      if (asked.has(p.id)) continue;
      asked.add(p.id);
      judge!.admit(p.id).catch(() => asked.delete(p.id));
    }
  };
  judge.subscribe(admitAll);
  await when(judge, () => judge!.media.getSnapshot().status === 'ready');
  setBotCamera(false); // the joining bots only watch: 2 cores cannot encode 20 more cameras
}

async function bot(base: string, judgeId: string, token: string, role: Role): Promise<BotResult> {
  const t0 = performance.now();
  // The page's first request: what the invitation is for.
  const info = await fetch(`${base}/api/invitation`, { headers: { Authorization: `Bearer ${token}` } });
  (acks['GET /api/invitation'] ??= []).push(performance.now() - t0);
  if (!info.ok) throw new Error(`invitation: HTTP ${info.status}`);
  const session = new HearingSession({ token, role, url: base });
  let toLobby = NaN;
  let toAdmitted = NaN;
  session.subscribe(() => {
    const phase = session.getSnapshot().phase;
    if (phase === 'lobby' && Number.isNaN(toLobby)) toLobby = performance.now() - t0;
    if (phase === 'in_hearing' && Number.isNaN(toAdmitted)) toAdmitted = performance.now() - t0;
  });
  session.connect();
  try {
    await when(session, () => !!session.media.getSnapshot().remote[judgeId]?.camera);
    await firstDecodedFrame(session.media.getSnapshot().remote[judgeId]!.camera!);
    const toFirstFrame = performance.now() - t0;
    return { toLobby, toAdmitted, toFirstFrame, admittedToFirstFrame: toFirstFrame - toAdmitted };
  } finally {
    setTimeout(() => session.dispose(), 200); // let a last frame settle before closing the peer connection
  }
}

process.on('message', (m: ParentMessage) => {
  void (async () => {
    try {
      if (m.type === 'exit') process.exit(0);
      if (m.type === 'judge') {
        await startJudge(m.base, m.token);
        send({ type: 'judge-ready' });
      }
      if (m.type === 'round') {
        acks = {};
        const settled = await Promise.allSettled(m.bots.map((b) => bot(m.base, m.judgeId, b.token, b.role)));
        const bots = settled.filter((s) => s.status === 'fulfilled').map((s) => s.value);
        const failed = settled.filter((s) => s.status === 'rejected').map((s) => String(s.reason));
        await new Promise((r) => setTimeout(r, 500));
        send({ type: 'round', bots, acks, failed });
      }
    } catch (error) {
      send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  })();
});
