// RTP load shared by the benchmarks: cheap ffmpeg senders of a pre-encoded 720p VP8 clip into
// mediasoup PlainTransports, and UDP receivers counting packets and sequence gaps.
import { createSocket, type Socket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { types } from 'mediasoup';
import { runFfmpeg, spawnFfmpeg, type FfmpegProcess } from '../recordings/ffmpeg.js';

const VP8_PT = 101;

/** A 720p VP8 clip, encoded once and cached: the senders only copy it. */
export async function clip(): Promise<string> {
  const file = join(tmpdir(), 'vcourt-bench-720p-vp8.webm');
  if (!existsSync(file)) {
    await runFfmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=25', '-t', '10', '-c:v', 'libvpx', '-b:v', '2500k',
      '-g', '50', '-keyint_min', '50', '-deadline', 'realtime', '-cpu-used', '8', file]);
  }
  return file;
}

export async function addPublisher(router: types.Router, file: string, ssrc: number): Promise<{ producer: types.Producer; sender: FfmpegProcess }> {
  const transport = await router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: true, comedia: true });
  const producer = await transport.produce({
    kind: 'video',
    rtpParameters: {
      codecs: [{ mimeType: 'video/VP8', payloadType: VP8_PT, clockRate: 90000 }],
      encodings: [{ ssrc }],
    },
  });
  const sender = spawnFfmpeg(['-re', '-stream_loop', '-1', '-i', file, '-map', '0:v', '-c', 'copy', '-f', 'rtp',
    '-payload_type', String(VP8_PT), '-ssrc', String(ssrc), `rtp://127.0.0.1:${transport.tuple.localPort}?pkt_size=1200`]);
  return { producer, sender };
}

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
  for (let i = 0; i < count; i++) {
    if (i % perSocket === 0) {
      const port = receivers ? await receivers.open() : 9;
      const t = await router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: true, comedia: false });
      await t.connect({ ip: '127.0.0.1', port });
      transports.push(t);
    }
    await transports[transports.length - 1].consume({ producerId: producers[i % producers.length].id, rtpCapabilities: router.rtpCapabilities });
  }
  return transports;
}
