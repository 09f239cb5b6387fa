// What one participant receives at the server, without a browser: a loopback PlainTransport of
// theirs (comedia: it sends to where its first packet came from) and a UDP socket of the test
// counting the RTP packets that arrive. Consuming goes through the room's rules (MediaRooms.consume),
// as a browser's media.consume would, so a consumer across rooms is refused like theirs.
import { createSocket, type Socket } from 'node:dgram';
import { expect } from 'vitest';
import type { MediaRooms } from '../../media/MediaRooms.js';
import { eventually } from './server.js';

export interface MediaReceiver {
  readonly participantId: string;
  /** Their receiving PlainTransport (placed like any receiver: on the origin or an edge router). */
  readonly transportId: string;
  readonly packets: number;
  /** Consumes `producerId` and resumes it; rejects with the room's refusal (code 'forbidden' across rooms). */
  consume(producerId: string): Promise<string>;
  /** The ids of the producers this participant holds consumers of now. */
  consuming(): string[];
  close(): void;
}

export async function mediaReceiver(media: MediaRooms, hearingId: string, participantId: string): Promise<MediaReceiver> {
  const room = await media.room(hearingId);
  const transport = await room.createPlainTransport(participantId);
  const socket: Socket = createSocket('udp4');
  let packets = 0;
  socket.on('message', () => packets++);
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  // One RTP header (version 2, an unknown SSRC) teaches the transport our address; mediasoup drops the packet itself.
  const hello = Buffer.from([0x80, 0x60, 0, 1, 0, 0, 0, 0, 0x12, 0x34, 0x56, 0x78]);
  await new Promise<void>((resolve, reject) => socket.send(hello, transport.port, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
  return {
    participantId,
    transportId: transport.id,
    get packets() {
      return packets;
    },
    async consume(producerId) {
      const c = await media.consume(hearingId, participantId, {
        transportId: transport.id,
        producerId,
        rtpCapabilities: room.router.rtpCapabilities,
      });
      await media.resumeConsumer(hearingId, participantId, c.id);
      return c.id;
    },
    consuming: () => [...(room.peers.get(participantId)?.consumers.values() ?? [])].map((c) => c.producerId),
    close: () => socket.close(),
  };
}

/** Packets arriving now: `atLeast` more than before, within the bound. */
export async function flowing(rx: { packets: number }, atLeast = 10, timeoutMs = 40_000): Promise<void> {
  const before = rx.packets;
  await eventually(() => expect(rx.packets).toBeGreaterThan(before + atLeast), { timeoutMs, intervalMs: 100 });
}
