// The set-up messages of media between nodes (PipeBroker.ts), as they cross Redis: JSON checked
// against this schema on arrival, so a message of another version or a stray publish is dropped,
// never half-understood. They carry only what mediasoup's pipe transports need: addresses, SRTP
// keys, producers' ids, kinds and RTP parameters. Redis carries these; mediasoup carries the media.
import { z } from 'zod';
import type { PipedProducer } from '../../media/NodePipe.js';

const endpoint = z.object({
  ip: z.string(),
  port: z.number().int(),
  srtpParameters: z.object({
    cryptoSuite: z.enum(['AEAD_AES_256_GCM', 'AEAD_AES_128_GCM', 'AES_CM_128_HMAC_SHA1_80', 'AES_CM_128_HMAC_SHA1_32']),
    keyBase64: z.string(),
  }),
});
const producer = z.object({
  id: z.string(),
  kind: z.enum(['audio', 'video']),
  rtpParameters: z.record(z.string(), z.unknown()),
  paused: z.boolean(),
  appData: z.record(z.string(), z.unknown()),
});
// `link` names one pipe (the edge's open): a late message of an older pipe is ignored, never taken for the new one's.
const base = { from: z.string(), hearingId: z.string(), link: z.string() };
const message = z.discriminatedUnion('type', [
  z.object({ type: z.literal('open'), ...base, endpoint }),
  z.object({ type: z.literal('opened'), ...base, endpoint, producers: z.array(producer) }),
  z.object({ type: z.literal('refused'), ...base, reason: z.string() }),
  z.object({ type: z.literal('producer'), ...base, producer }),
  z.object({ type: z.literal('producerClosed'), ...base, producerId: z.string() }),
  z.object({ type: z.literal('producerPaused'), ...base, producerId: z.string(), paused: z.boolean() }),
  z.object({ type: z.literal('closed'), ...base }),
]);
export type PipeMessage = z.infer<typeof message>;
export type Of<T extends PipeMessage['type']> = Extract<PipeMessage, { type: T }>;
/** A message as sent (the broker adds `from`). */
export type Out = PipeMessage extends infer M ? (M extends PipeMessage ? Omit<M, 'from'> : never) : never;

/** The message in `raw`, or undefined when it is not one. */
export function parsePipeMessage(raw: string): PipeMessage | undefined {
  try {
    const parsed = message.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** What crosses Redis of a piped producer (its appData as sent: participantId, source). */
export function wire(p: PipedProducer): z.infer<typeof producer> {
  return { ...p, rtpParameters: p.rtpParameters as unknown as Record<string, unknown> };
}
