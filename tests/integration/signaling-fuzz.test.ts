// Property-based fuzzing of the signaling server (fast-check), against a real server with a real
// mediasoup worker: every request type of the protocol's union, as arbitrary JSON, as a real type
// with arbitrary fields, and as mutations of valid messages carrying real ids and real media
// parameters (so the mutations reach the domain and mediasoup). Whatever is sent, by the judge, an
// admitted defendant or a witness in the lobby, the reply is a well-formed Reply: an ok, or a
// refusal with one of the protocol's codes, never `internal`; whatever the schema refuses is
// `invalid_input`; the server, its worker and the connections stay up.
//
// Bounded: 1,200 requests in all (a few seconds here, up to some 20 s on a busy two-core machine),
// each property also stopped after 20 s whatever it has done. A fresh hearing (fresh participants
// and sockets) every 150 requests keeps each socket far inside the signaling rate limits
// (server/limits.ts: 240 at once, 20 a second), which would otherwise answer first.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { ERROR_CODES, Request, type Reply, type RequestType, type TransportParams } from '../../core/protocol/signaling.js';
import { rawRequest } from '../support/rawRequest.js';
import { createHearing, type TestClient } from '../support/server.js';
import { mutate, mutations, validMessages, type Json, type SampleIds } from '../support/signalingFuzz.js';
import { useTestServer } from '../support/useTestServer.js';

const ctx = useTestServer();

type Sender = 'judge' | 'defendant' | 'witness';
const SENDERS: Sender[] = ['judge', 'defendant', 'witness'];

const VP8 = (ssrc: number) => ({
  mid: String(ssrc),
  codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000, rtcpFeedback: [{ type: 'nack', parameter: 'pli' }] }],
  headerExtensions: [],
  encodings: [{ ssrc }],
  rtcp: { cname: 'fuzz', reducedSize: true },
});
const OPUS = (ssrc: number) => ({
  mid: String(ssrc),
  codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2, parameters: {}, rtcpFeedback: [] }],
  headerExtensions: [],
  encodings: [{ ssrc }],
  rtcp: { cname: 'fuzz', reducedSize: true },
});

let ssrc = 100_000;

/**
 * A hearing to fuzz: the judge in, the defendant admitted with a send transport, a mic and a
 * camera, a witness waiting in the lobby; the judge receives the defendant's camera. Each sender's
 * sample ids point at real things it may (or may not) act on.
 */
async function fixture() {
  const { hearing, seats } = await createHearing(ctx.server, ['judge', 'defendant', 'witness']);
  const judge = (await ctx.join(seats.judge.token)).client;
  const defendant = (await ctx.join(seats.defendant.token)).client;
  await judge.ok({ type: 'lobby.admit', participantId: seats.defendant.participant.id });
  const witness = (await ctx.join(seats.witness.token)).client;
  const { rtpCapabilities } = await judge.ok({ type: 'media.getRouterRtpCapabilities' });
  const send: TransportParams = await defendant.ok({ type: 'media.createTransport', direction: 'send' });
  const mic = await defendant.ok({
    type: 'media.produce',
    transportId: send.id,
    kind: 'audio',
    rtpParameters: OPUS(++ssrc),
    source: 'mic',
  });
  const camera = await defendant.ok({
    type: 'media.produce',
    transportId: send.id,
    kind: 'video',
    rtpParameters: VP8(++ssrc),
    source: 'camera',
  });
  const f = {
    hearingId: hearing.id,
    ids: { judge: seats.judge.participant.id, defendant: seats.defendant.participant.id, witness: seats.witness.participant.id },
    clients: { judge, defendant, witness } as Record<Sender, TestClient>,
    send: send.id,
    recv: '',
    mic: mic.producerId,
    camera: camera.producerId,
    consumer: '',
    rtpCapabilities: rtpCapabilities as Record<string, Json>,
    /** Fuzzed requests sent in this hearing. */
    sent: 0,
  };
  await newReceiver(f);
  return f;
}
type Fixture = Awaited<ReturnType<typeof fixture>>;

/** The judge's receive transport, and a consumer of the defendant's camera on it. */
async function newReceiver(f: Fixture): Promise<void> {
  const recv: TransportParams = await f.clients.judge.ok({ type: 'media.createTransport', direction: 'recv' });
  const consumer = await f.clients.judge.ok({
    type: 'media.consume',
    transportId: recv.id,
    producerId: f.camera,
    rtpCapabilities: f.rtpCapabilities,
  });
  f.recv = recv.id;
  f.consumer = consumer.id;
}

/** What each sender's valid messages point at: the judge at the witness and its receiver, the others at their own media. */
function samples(f: Fixture, sender: Sender): SampleIds {
  // The screen is free, so a produce reaches mediasoup (restore() closes what it makes).
  const produce = { kind: 'video', source: 'screen', rtpParameters: VP8(++ssrc) } as const;
  const media = { rtpCapabilities: f.rtpCapabilities, dtlsParameters: DTLS, produce };
  if (sender === 'judge') return { participantId: f.ids.witness, transportId: f.recv, producerId: f.mic, consumerId: f.consumer, ...media };
  return { participantId: f.ids.judge, transportId: f.send, producerId: f.mic, consumerId: f.consumer, ...media };
}

const DTLS = { role: 'client', fingerprints: [{ algorithm: 'sha-256', value: Array.from({ length: 32 }, () => 'AB').join(':') }] };

/** Still what the samples point at: connected, not sent away, the hearing not over, the defendant's media there. */
async function healthy(f: Fixture): Promise<boolean> {
  const { store, media } = ctx.server.running;
  if ((await store.hearings.get(f.hearingId))?.state === 'adjourned') return false;
  if (!f.clients.judge.connected || !f.clients.defendant.connected || !f.clients.witness.connected) return false;
  for (const id of [f.ids.judge, f.ids.defendant]) {
    if ((await store.participants.get(id))?.status !== 'admitted') return false;
  }
  // Denied or removed by the judge's fuzzing: the witness's socket is about to be closed.
  if (!['lobby', 'admitted'].includes((await store.participants.get(f.ids.witness))?.status ?? '')) return false;
  const producers = media.listProducers(f.hearingId).map((p) => p.id);
  return producers.includes(f.mic) && producers.includes(f.camera);
}

/** Before each run: the fixture, or a fresh one when it is used up or no longer what the samples point at. */
async function ready(f: Fixture): Promise<Fixture> {
  if ((await healthy(f)) && f.sent < PER_FIXTURE) return f;
  for (const c of Object.values(f.clients)) c.close();
  return fixture();
}

/** After a success that used up a sample (a producer made, a transport connected or used), put it back. */
async function restore(f: Fixture, sender: Sender, type: string, reply: Reply): Promise<void> {
  if (!reply.ok || !(await healthy(f))) return;
  const client = f.clients[sender];
  if (type === 'media.produce') {
    await client.request({ type: 'media.closeProducer', producerId: (reply.data as { producerId: string }).producerId });
  }
  // The judge's receiver is connected or holds a second consumer: a new one keeps mediasoup reachable.
  if (sender === 'judge' && (type === 'media.connectTransport' || type === 'media.consume')) await newReceiver(f);
}

const allowed = new Set<string>(ERROR_CODES.filter((c) => c !== 'internal'));
/** Fuzzed requests per hearing (three sockets), before a fresh one. */
const PER_FIXTURE = 150;
let sent = 0;
/** A property's runs, and a time bound: a slow machine does fewer, and says so, rather than time out. */
function runs<Ts>(numRuns: number): fc.Parameters<Ts> {
  return {
    numRuns,
    interruptAfterTimeLimit: 20_000,
    markInterruptAsFailure: false,
    reporter: (details) => {
      if (details.interrupted) console.warn(`[fuzz] stopped by its time bound after ${details.numRuns} of ${numRuns} runs`);
      if (details.failed) throw new Error(fc.defaultReportMessage(details));
    },
  };
}

/** The property: one message, one well-formed reply that is never internal; the schema's refusals are invalid_input. */
async function check(f: Fixture, sender: Sender, message: Json): Promise<Reply> {
  const text = JSON.stringify(message);
  fc.pre(text !== undefined && text.length < 200_000); // larger ones close the socket (maxHttpBufferSize): abuse-media
  sent++;
  f.sent++;
  const reply = await rawRequest(f.clients[sender], text, 10_000);
  expect(typeof reply.ok, text.slice(0, 300)).toBe('boolean');
  if (reply.ok) {
    expect(reply.data, text.slice(0, 300)).toBeTypeOf('object');
  } else {
    expect(allowed.has(reply.error.code), `${reply.error.code}: ${reply.error.message} ← ${text.slice(0, 300)}`).toBe(true);
    expect(reply.error.message).toEqual(expect.any(String));
    if (!Request.safeParse(message).success) expect(reply.error.code, text.slice(0, 300)).toBe('invalid_input');
  }
  return reply;
}

let unexpected: MockInstance<typeof console.error> | undefined;
beforeAll(() => {
  // The server logs what it maps to `internal`; none may appear.
  unexpected = vi.spyOn(console, 'error');
});
afterAll(() => {
  if (!unexpected) return; // the server never started
  const internal = unexpected.mock.calls.filter((c) => String(c[0]).includes('unexpected error'));
  unexpected.mockRestore();
  expect(internal).toEqual([]);
});

const sender = fc.constantFrom(...SENDERS);
const TYPES = Object.keys(validMessages({ participantId: 'p', transportId: 't', producerId: 'pr', consumerId: 'c' })) as RequestType[];

describe('signaling under fuzzing, against a real server', () => {
  it('arbitrary JSON is invalid_input (or, if it happens to be valid, answered), never internal', async () => {
    let f = await fixture();
    await fc.assert(
      fc.asyncProperty(sender, fc.jsonValue({ maxDepth: 5 }), async (who, value) => {
        f = await ready(f);
        const reply = await check(f, who, value as Json);
        await restore(f, who, (value as { type?: string } | null)?.type ?? '', reply);
      }),
      runs(250),
    );
  }, 60_000);

  it('every request type with arbitrary fields is answered, never internal', async () => {
    let f = await fixture();
    const message = fc
      .tuple(
        fc.constantFrom(...TYPES),
        fc.dictionary(
          fc.constantFrom(
            'transportId',
            'producerId',
            'consumerId',
            'participantId',
            'kind',
            'source',
            'direction',
            'action',
            'layout',
            'rtpParameters',
            'rtpCapabilities',
            'dtlsParameters',
            'spatialLayer',
            'reason',
            'extra',
          ),
          fc.jsonValue({ maxDepth: 3 }),
          { maxKeys: 4 },
        ),
      )
      .map(([type, rest]) => ({ ...(rest as Record<string, Json>), type }));
    await fc.assert(
      fc.asyncProperty(sender, message, async (who, msg) => {
        f = await ready(f);
        const reply = await check(f, who, msg);
        await restore(f, who, msg.type, reply);
      }),
      runs(250),
    );
  }, 60_000);

  it('mutations of valid messages with real ids and media parameters are answered, never internal', async () => {
    let f = await fixture();
    await fc.assert(
      fc.asyncProperty(sender, fc.constantFrom(...TYPES), mutations(TYPES, { deep: 2000, wide: 100 }), async (who, type, steps) => {
        f = await ready(f);
        const message = mutate(validMessages(samples(f, who))[type], steps);
        const reply = await check(f, who, message);
        await restore(f, who, (message as { type?: string } | null)?.type ?? '', reply);
      }),
      runs(700),
    );
    // The server and its worker are still up, and a valid request is still served.
    expect(ctx.server.running.pool.workers.every((w) => !w.died)).toBe(true);
    expect(await f.clients.judge.request({ type: 'media.getRouterRtpCapabilities' })).toMatchObject({ ok: true });
    expect(sent).toBeGreaterThan(100);
  }, 60_000);
});
