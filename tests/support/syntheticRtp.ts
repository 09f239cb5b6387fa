// Synthetic RTP for many producers at once, from one UDP socket and no encoder: what a hearing of
// sixty needs on a two-core machine. Video is simulcast VP8 in which every packet is a whole key
// frame (a 4-byte payload), so a consumer may switch layers at any packet; each layer also gets
// RTCP sender reports, without which mediasoup never switches a consumer between layers. Audio
// carries the ssrc-audio-level header extension the active-speaker observer reads: a speaker
// sends loud levels, the others a quiet room (never digital silence: the observer measures
// speech against the lowest level it has heard). The receiving side counts packets per SSRC.
import { createSocket, type Socket } from 'node:dgram';

const VP8_PT = 101;
const OPUS_PT = 100;
const AUDIO_LEVEL_EXT_ID = 1;
/** Seconds from 1900 (NTP) to 1970 (Unix). */
const NTP_EPOCH_OFFSET = 2_208_988_800;

/** What a loopback ingest (HearingRoom.createPlainTransport) gives back. */
export interface Ingest {
  port: number;
  rtcpPort: number;
}

/** Producer parameters for simulcast VP8 with one SSRC per spatial layer, lowest first. */
export const simulcastVp8 = (ssrcs: readonly number[]) => ({
  codecs: [{ mimeType: 'video/VP8', payloadType: VP8_PT, clockRate: 90000, rtcpFeedback: [{ type: 'nack', parameter: 'pli' }] }],
  encodings: ssrcs.map((ssrc) => ({ ssrc })),
});

/** Producer parameters for Opus carrying audio levels. */
export const opusWithLevels = (ssrc: number) => ({
  codecs: [{ mimeType: 'audio/opus', payloadType: OPUS_PT, clockRate: 48000, channels: 2 }],
  headerExtensions: [{ uri: 'urn:ietf:params:rtp-hdrext:ssrc-audio-level' as const, id: AUDIO_LEVEL_EXT_ID }],
  encodings: [{ ssrc }],
});

interface Stream {
  ssrc: number;
  ingest: Ingest;
  clockRate: number;
  seq: number;
  packets: number;
}

export class SyntheticRtp {
  readonly #socket: Socket = createSocket('udp4');
  readonly #video: Stream[] = [];
  readonly #audio: Stream[] = [];
  readonly #start = Date.now();
  #speakers = new Set<number>();
  readonly #timers: NodeJS.Timeout[] = [];

  static async open(): Promise<SyntheticRtp> {
    const rtp = new SyntheticRtp();
    await new Promise<void>((resolve) => rtp.#socket.bind(0, '127.0.0.1', resolve));
    return rtp;
  }

  /** Sends video on `ssrcs` (one per layer) to the ingest (key frames, `fps` a second: start()). */
  addVideo(ingest: Ingest, ssrcs: readonly number[]): void {
    for (const ssrc of ssrcs) this.#video.push({ ssrc, ingest, clockRate: 90000, seq: 0, packets: 0 });
  }

  addAudio(ingest: Ingest, ssrc: number): void {
    this.#audio.push({ ssrc, ingest, clockRate: 48000, seq: 0, packets: 0 });
  }

  /** Which audio SSRCs send speech (the others a quiet room). */
  speak(...ssrcs: number[]): void {
    this.#speakers = new Set(ssrcs);
  }

  start({ fps = 10 }: { fps?: number } = {}): void {
    this.#timers.push(setInterval(() => this.#video.forEach((s) => this.#send(s, this.#vp8KeyFrame(s))), 1000 / fps));
    this.#timers.push(setInterval(() => this.#audio.forEach((s) => this.#send(s, this.#opus(s))), 20));
    this.#timers.push(setInterval(() => [...this.#video, ...this.#audio].forEach((s) => this.#senderReport(s)), 500));
  }

  #timestamp(s: Stream, at = Date.now()): number {
    return Math.round(((at - this.#start) * s.clockRate) / 1000) >>> 0;
  }

  #header(s: Stream, payloadType: number, marker: boolean, extension: boolean): Buffer {
    const h = Buffer.alloc(12);
    h[0] = 0x80 | (extension ? 0x10 : 0);
    h[1] = (marker ? 0x80 : 0) | payloadType;
    h.writeUInt16BE((s.seq = (s.seq + 1) & 0xffff), 2);
    h.writeUInt32BE(this.#timestamp(s), 4);
    h.writeUInt32BE(s.ssrc, 8);
    return h;
  }

  /** A whole VP8 key frame in one packet: descriptor S=1, partition 0; frame header P=0 (key). */
  #vp8KeyFrame(s: Stream): Buffer {
    return Buffer.concat([this.#header(s, VP8_PT, true, false), Buffer.from([0x10, 0x00, 0x00, 0x00])]);
  }

  /** One 20 ms Opus packet whose audio level says speech (-10 dBov, voice) or a quiet room (-110 dBov). */
  #opus(s: Stream): Buffer {
    const level = this.#speakers.has(s.ssrc) ? 0x80 | 10 : 110;
    const extension = Buffer.from([0xbe, 0xde, 0x00, 0x01, (AUDIO_LEVEL_EXT_ID << 4) | 0, level, 0, 0]);
    return Buffer.concat([this.#header(s, OPUS_PT, false, true), extension, Buffer.from([0xf8, 0xff, 0xfe])]);
  }

  #senderReport(s: Stream): void {
    const now = Date.now();
    const sr = Buffer.alloc(28);
    sr[0] = 0x80;
    sr[1] = 200;
    sr.writeUInt16BE(6, 2);
    sr.writeUInt32BE(s.ssrc, 4);
    sr.writeUInt32BE(Math.floor(now / 1000) + NTP_EPOCH_OFFSET, 8);
    sr.writeUInt32BE(Math.floor(((now % 1000) / 1000) * 2 ** 32) >>> 0, 12);
    sr.writeUInt32BE(this.#timestamp(s, now), 16);
    sr.writeUInt32BE(s.packets, 20);
    sr.writeUInt32BE(s.packets * 4, 24);
    this.#socket.send(sr, s.ingest.rtcpPort, '127.0.0.1');
  }

  #send(s: Stream, packet: Buffer): void {
    s.packets++;
    this.#socket.send(packet, s.ingest.port, '127.0.0.1');
  }

  close(): void {
    this.#timers.forEach((t) => clearInterval(t));
    this.#socket.close();
  }
}

/** Counts the RTP packets arriving at one socket, per SSRC. */
export class RtpCounter {
  readonly #socket: Socket = createSocket('udp4');
  readonly #counts = new Map<number, number>();

  static async open(): Promise<RtpCounter> {
    const counter = new RtpCounter();
    counter.#socket.on('message', (msg) => {
      // RTP only (RTCP's packet types 200–204 sit where RTP's marker and payload type are).
      if (msg.length < 12 || (msg[1]! >= 200 && msg[1]! <= 204)) return;
      const ssrc = msg.readUInt32BE(8);
      counter.#counts.set(ssrc, (counter.#counts.get(ssrc) ?? 0) + 1);
    });
    await new Promise<void>((resolve) => counter.#socket.bind(0, '127.0.0.1', resolve));
    return counter;
  }

  /**
   * Sends one RTP packet to a comedia ingest (HearingRoom.createPlainTransport), which then sends
   * its consumers' media here.
   */
  punch(port: number): Promise<void> {
    const packet = Buffer.from([0x80, 0x7f, 0, 1, 0, 0, 0, 0, 0x0b, 0xad, 0xca, 0xfe]);
    return new Promise((resolve, reject) => this.#socket.send(packet, port, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
  }

  /** Packets per SSRC so far. */
  counts(): Map<number, number> {
    return new Map(this.#counts);
  }

  close(): void {
    this.#socket.close();
  }
}
