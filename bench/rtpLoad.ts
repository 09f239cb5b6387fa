// RTP load shared by the benchmarks: cheap ffmpeg senders of a pre-encoded 720p VP8 clip into
// mediasoup PlainTransports, and UDP receivers counting packets and sequence gaps.
import { spawn } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { types } from 'mediasoup';
import { runFfmpeg, spawnFfmpeg, type FfmpegProcess } from '../core/lib/ffmpeg.js';
import { killOnExit } from './support.js';

const VP8_PT = 101;

/** A 720p VP8 clip, encoded once and cached: the senders only copy it. */
export async function clip(): Promise<string> {
  const file = join(tmpdir(), 'vcourt-bench-720p-vp8.webm');
  if (!existsSync(file)) {
    await runFfmpeg([
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=1280x720:rate=25',
      '-t',
      '10',
      '-c:v',
      'libvpx',
      '-b:v',
      '2500k',
      '-g',
      '50',
      '-keyint_min',
      '50',
      '-deadline',
      'realtime',
      '-cpu-used',
      '8',
      file,
    ]);
  }
  return file;
}

export async function addPublisher(
  router: types.Router,
  file: string,
  ssrc: number,
): Promise<{ producer: types.Producer; sender: FfmpegProcess }> {
  const transport = await router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: true, comedia: true });
  const producer = await transport.produce({
    kind: 'video',
    rtpParameters: {
      codecs: [{ mimeType: 'video/VP8', payloadType: VP8_PT, clockRate: 90000 }],
      encodings: [{ ssrc }],
    },
  });
  const sender = spawnFfmpeg([
    '-loglevel',
    'error',
    '-re',
    '-stream_loop',
    '-1',
    '-i',
    file,
    '-map',
    '0:v',
    '-c',
    'copy',
    '-f',
    'rtp',
    '-payload_type',
    String(VP8_PT),
    '-ssrc',
    String(ssrc),
    `rtp://127.0.0.1:${transport.tuple.localPort}?pkt_size=1200`,
  ]);
  killOnExit(sender.child);
  return { producer, sender };
}

/** An ffmpeg copying the clip's video as RTP to a port (and its RTCP to `rtcpPort` when given). */
export function sendClip(file: string, ssrc: number, port: number, rtcpPort?: number): FfmpegProcess {
  const rtcp = rtcpPort ? `rtcpport=${rtcpPort}&` : '';
  const sender = spawnFfmpeg([
    '-loglevel',
    'error',
    '-re',
    '-stream_loop',
    '-1',
    '-i',
    file,
    '-map',
    '0:v',
    '-c',
    'copy',
    '-f',
    'rtp',
    '-payload_type',
    String(VP8_PT),
    '-ssrc',
    String(ssrc),
    `rtp://127.0.0.1:${port}?${rtcp}pkt_size=1200`,
  ]);
  killOnExit(sender.child);
  return sender;
}

export const VP8_RTP_PARAMETERS = (ssrc: number) => ({
  codecs: [{ mimeType: 'video/VP8', payloadType: VP8_PT, clockRate: 90000 }],
  encodings: [{ ssrc }],
});

/** UDP receivers counting packets and sequence-number gaps per SSRC. */
export class Receivers {
  readonly sockets: Socket[] = [];
  received = 0;
  lost = 0;
  readonly #lastSeq = new Map<number, number>();

  async open(): Promise<number> {
    const socket = createSocket({ type: 'udp4', recvBufferSize: 8 * 1024 * 1024 });
    socket.on('message', (msg) => {
      if (msg.length < 12) return;
      this.received++;
      const seq = msg.readUInt16BE(2);
      const ssrc = msg.readUInt32BE(8);
      const last = this.#lastSeq.get(ssrc);
      if (last !== undefined) {
        const gap = (seq - last - 1 + 65536) % 65536;
        if (gap > 0 && gap < 1000) this.lost += gap;
      }
      this.#lastSeq.set(ssrc, seq);
    });
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    this.sockets.push(socket);
    return socket.address().port;
  }

  /** Sends one RTP packet from receiver socket `i` to a comedia transport (see PUNCH). */
  punch(i: number, port: number): Promise<void> {
    const socket = this.sockets[i];
    if (!socket) return Promise.reject(new Error(`no receiver socket ${i}`));
    return new Promise((resolve, reject) => socket.send(PUNCH, port, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
  }

  close(): void {
    for (const s of this.sockets) s.close();
  }
}

/**
 * Consumers of `producers`, round robin, sent to `receivers` (a new socket every `perSocket`), or
 * with no receivers to a loopback port nobody listens on: the worker does all the forwarding
 * work while the benchmark process stays out of the measurement.
 */
export async function addConsumers(
  router: types.Router,
  producers: types.Producer[],
  receivers: Receivers | null,
  count: number,
  perSocket = 50,
): Promise<types.PlainTransport[]> {
  const transports: types.PlainTransport[] = [];
  let current: types.PlainTransport | undefined;
  for (let i = 0; i < count; i++) {
    if (!current || i % perSocket === 0) {
      const port = receivers ? await receivers.open() : 9;
      current = await router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: true, comedia: false });
      await current.connect({ ip: '127.0.0.1', port });
      transports.push(current);
    }
    const producer = producers[i % producers.length];
    if (!producer) throw new Error('addConsumers: no producers');
    await current.consume({
      producerId: producer.id,
      rtpCapabilities: router.rtpCapabilities,
    });
  }
  return transports;
}

/** A minimal valid RTP packet: a comedia PlainTransport learns where to send from the first one. */
export const PUNCH = Buffer.from([0x80, 0x7f, 0, 1, 0, 0, 0, 0, 0x0b, 0xad, 0xca, 0xfe]);

/**
 * A UDP socket in a separate process that never reads: packets sent to it cost the sender what a
 * real send costs, and the kernel drops them once its small buffer is full, so forwarding to
 * thousands of consumers needs no CPU here. `punch(port)` sends one RTP packet from it to a comedia
 * transport so that transport sends its media back to the sink.
 */
export class Sink {
  readonly #child = spawn(
    'python3',
    [
      '-u',
      '-c',
      [
        'import socket, sys',
        's = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)',
        's.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)',
        "s.bind(('127.0.0.1', 0))",
        'print(s.getsockname()[1], flush=True)',
        'for line in sys.stdin:',
        `    s.sendto(bytes.fromhex('${PUNCH.toString('hex')}'), ('127.0.0.1', int(line)))`,
        "    print('ok', flush=True)",
      ].join('\n'),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  readonly #lines: string[] = [];
  readonly #waiting: ((line: string) => void)[] = [];

  constructor() {
    killOnExit(this.#child);
    let buffered = '';
    this.#child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      let nl;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        const w = this.#waiting.shift();
        if (w) w(line);
        else this.#lines.push(line);
      }
    });
  }

  #line(): Promise<string> {
    const l = this.#lines.shift();
    return l !== undefined ? Promise.resolve(l) : new Promise((r) => this.#waiting.push(r));
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  async ready(): Promise<number> {
    return Number(await this.#line());
  }

  async punch(port: number): Promise<void> {
    this.#child.stdin.write(`${port}\n`);
    await this.#line();
  }

  close(): void {
    this.#child.kill('SIGKILL');
  }
}
