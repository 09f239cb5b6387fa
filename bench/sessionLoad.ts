// B5's load (bench/session800.ts): vcourt participants joined through the server's own path, in
// process and without sockets: the clerk's invitation (store), its verification as the socket
// handshake does it (Access.participant), HearingService.join into the lobby and the presiding
// judge's admit, then media under HearingService.withMedia as the signalling handlers do it.
// Senders are synthetic RTP (tests/support/syntheticRtp.ts: simulcast VP8 in two layers of key
// frames, Opus with audio levels) into two loopback ingests each; receivers are one loopback
// PlainTransport each (placed by RouterTree: the origin, or an edge for a receive-only
// participant) consuming every producer of the hearing and resuming each, as the client does.
// One receiver in `sampleEvery` sends to a socket here that counts packets and sequence gaps; the
// others to a sink that never reads (rtpLoad.ts Sink), so the worker does all the sending.
import { createSocket, type Socket } from 'node:dgram';
import type { Role } from '../core/protocol/model.js';
import type { ParticipantRef } from '../core/hearing/types.js';
import type { HearingRoom } from '../media/HearingRoom.js';
import type { RunningVcourt } from '../server/main.js';
import { opusWithLevels, simulcastVp8, SyntheticRtp } from '../tests/support/syntheticRtp.js';
import { PUNCH, Sink } from './rtpLoad.js';
import { benchHearing } from './support.js';

/** One audio stream sends 50 packets a second (20 ms Opus). */
export const AUDIO_PPS = 50;
/** Simulcast layers of every synthetic camera. */
export const LAYERS = 2;

/** Counts what arrives at one sampled receiver: packets, sequence gaps per SSRC, the first packet. */
export class Counted {
  readonly socket: Socket = createSocket({ type: 'udp4', recvBufferSize: 1 << 20 });
  received = 0;
  lost = 0;
  firstAt = NaN;
  readonly #lastSeq = new Map<number, number>();

  static async open(): Promise<Counted> {
    const c = new Counted();
    c.socket.on('message', (msg) => {
      if (msg.length < 12 || (msg[1]! >= 200 && msg[1]! <= 204)) return; // RTP only, not RTCP
      if (!c.received) c.firstAt = performance.now();
      c.received++;
      const seq = msg.readUInt16BE(2);
      const ssrc = msg.readUInt32BE(8);
      const last = c.#lastSeq.get(ssrc);
      if (last !== undefined) {
        const gap = (seq - last - 1 + 65536) % 65536;
        if (gap > 0 && gap < 1000) c.lost += gap;
      }
      c.#lastSeq.set(ssrc, seq);
    });
    await new Promise<void>((resolve) => c.socket.bind(0, '127.0.0.1', resolve));
    return c;
  }

  punch(port: number): Promise<void> {
    return new Promise((resolve, reject) => this.socket.send(PUNCH, port, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
  }

  close(): void {
    this.socket.close();
  }
}

export interface Hearing {
  id: string;
  judge: ParticipantRef;
  room: HearingRoom;
  invite(role: Role, name: string): Promise<{ id: string; token: string }>;
}

/** A hearing whose presiding judge has joined and opened it (open, not in session: nothing is recorded). */
export async function openHearing(vcourt: RunningVcourt, title: string): Promise<Hearing> {
  const { hearing, invite } = await benchHearing(vcourt, title);
  const judge = await invite('judge', 'Thẩm phán chủ tọa');
  const ref = { hearingId: hearing.id, participantId: judge.id };
  await vcourt.access.participant(judge.token);
  await vcourt.service.join(ref);
  await vcourt.service.transition(ref, 'open');
  return { id: hearing.id, judge: ref, room: await vcourt.media.room(hearing.id), invite };
}

export interface Invited {
  hearing: Hearing;
  role: Role;
  id: string;
  token: string;
}

export interface JoinTimes {
  /** Access.participant + join + admit (the judge's), ms. */
  domainMs: number;
  /** Transports, producers or consumers under withMedia, ms. */
  mediaMs: number;
  totalMs: number;
}

export interface Receiver {
  hearing: Hearing;
  participantId: string;
  transportId: string;
  counter: Counted | undefined;
  times: JoinTimes;
  /** Set when the join's last consumer was resumed (performance.now()). */
  readyAt: number;
}

/** What the synthetic side sends and into which producers (pipes are priced from it). */
export class Load {
  readonly rtp: SyntheticRtp;
  readonly sink = new Sink();
  /** Producers whose stream is sent: their packets a second. */
  readonly liveProducers = new Map<string, number>();
  readonly counters: Counted[] = [];
  #ssrc = 1_000_000;

  private constructor(
    rtp: SyntheticRtp,
    readonly fps: number,
    readonly sampleEvery: number,
  ) {
    this.rtp = rtp;
  }

  static async open(fps: number, sampleEvery: number): Promise<Load> {
    const load = new Load(await SyntheticRtp.open(), fps, sampleEvery);
    await load.sink.ready();
    load.rtp.start({ fps });
    return load;
  }

  close(): void {
    this.rtp.close();
    this.sink.close();
    for (const c of this.counters.splice(0)) c.close();
  }

  /** The domain part of a join: the link's verification, the lobby, the judge's admit. */
  async #enter(vcourt: RunningVcourt, p: Invited): Promise<ParticipantRef> {
    const { participant } = await vcourt.access.participant(p.token);
    const ref = { hearingId: p.hearing.id, participantId: participant.id };
    await vcourt.service.join(ref);
    if (p.role !== 'judge') await vcourt.service.admit(p.hearing.judge, ref.participantId);
    return ref;
  }

  /** A sender: joins (the judge is in already), then a camera (two layers) and, when `audio`, a sending microphone. */
  async sender(vcourt: RunningVcourt, p: Invited, audio: boolean): Promise<JoinTimes> {
    const t0 = performance.now();
    const ref = p.role === 'judge' ? p.hearing.judge : await this.#enter(vcourt, p);
    const t1 = performance.now();
    const { room } = p.hearing;
    await vcourt.service.withMedia(ref, 'produce', async () => {
      const id = ref.participantId;
      const video = await room.createPlainTransport(id);
      const mic = await room.createPlainTransport(id);
      const ssrcs = Array.from({ length: LAYERS }, () => this.#ssrc++);
      const audioSsrc = this.#ssrc++;
      const v = await vcourt.media.produce(p.hearing.id, id, {
        transportId: video.id,
        kind: 'video',
        source: 'camera',
        paused: false,
        rtpParameters: simulcastVp8(ssrcs),
      });
      const a = await vcourt.media.produce(p.hearing.id, id, {
        transportId: mic.id,
        kind: 'audio',
        source: 'mic',
        paused: false,
        rtpParameters: opusWithLevels(audioSsrc),
      });
      this.rtp.addVideo(video, ssrcs);
      this.liveProducers.set(v.id, LAYERS * this.fps);
      // A microphone that sends nothing is a muted one: only the speakers' audio flows.
      if (audio) {
        this.rtp.addAudio(mic, audioSsrc);
        this.liveProducers.set(a.id, AUDIO_PPS);
        this.speakers.push(audioSsrc);
        // Someone other than the judge speaks: the judge is pinned anyway, so last-N has a speaker to follow.
        if (p.role !== 'judge') this.#speaker ??= audioSsrc;
      }
    });
    const t2 = performance.now();
    return { domainMs: t1 - t0, mediaMs: t2 - t1, totalMs: t2 - t0 };
  }

  /** Audio SSRCs that send; one of them speaks (speak()): the first sender's other than the judge. */
  readonly speakers: number[] = [];
  #speaker: number | undefined;

  speak(): void {
    const ssrc = this.#speaker ?? this.speakers[0];
    if (ssrc !== undefined) this.rtp.speak(ssrc);
  }

  /** A receiver: joins, one transport, every producer of the hearing consumed and resumed. */
  async receiver(vcourt: RunningVcourt, p: Invited, index: number): Promise<Receiver> {
    const t0 = performance.now();
    const ref = await this.#enter(vcourt, p);
    const t1 = performance.now();
    const { room } = p.hearing;
    const counter = index % this.sampleEvery === 0 ? await Counted.open() : undefined;
    if (counter) this.counters.push(counter);
    const transportId = await vcourt.service.withMedia(ref, 'consume', async () => {
      const id = ref.participantId;
      const t = await room.createPlainTransport(id);
      await (counter ? counter.punch(t.port) : this.sink.punch(t.port));
      for (const producer of vcourt.media.listProducers(p.hearing.id)) {
        const c = await vcourt.media.consume(p.hearing.id, id, {
          transportId: t.id,
          producerId: producer.id,
          rtpCapabilities: room.router.rtpCapabilities,
        });
        await vcourt.media.resumeConsumer(p.hearing.id, id, c.id);
      }
      return t.id;
    });
    const t2 = performance.now();
    return {
      hearing: p.hearing,
      participantId: ref.participantId,
      transportId,
      counter,
      times: { domainMs: t1 - t0, mediaMs: t2 - t1, totalMs: t2 - t0 },
      readyAt: t2,
    };
  }
}

/**
 * Runs `fn` over the items, `concurrency` at a time, in order of start; a failure is kept, not
 * thrown. No item starts after `deadline` (performance.now()): those stay undefined (not tried).
 */
export async function pool<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, i: number) => Promise<R>,
  deadline = Infinity,
): Promise<(R | Error | undefined)[]> {
  const results: (R | Error | undefined)[] = new Array(items.length).fill(undefined);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < items.length && performance.now() < deadline; i = next++) {
      results[i] = await fn(items[i]!, i).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
  return results;
}

export const ok = <R>(xs: (R | Error | undefined)[]): R[] => xs.filter((x): x is R => x !== undefined && !(x instanceof Error));
export const failures = <R>(xs: (R | Error | undefined)[]): string[] =>
  xs.filter((x): x is Error => x instanceof Error).map((e) => e.message);
export const untried = <R>(xs: (R | Error | undefined)[]): number => xs.filter((x) => x === undefined).length;
