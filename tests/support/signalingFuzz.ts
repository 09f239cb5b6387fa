// Property-based fuzzing of the signaling protocol (fast-check), shared by the unit test of the
// schemas and the integration test against a real server: one valid message of every request type
// (with ids the caller supplies, real ones against a server), and mutations that turn valid
// messages into nearly valid, wrongly typed, oversized or absurdly deep ones.
import fc from 'fast-check';
import type { RequestType } from '../../core/protocol/signaling.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface SampleIds {
  /** Someone else in the hearing (admit, deny, mute, remove, show on the TV). */
  participantId: string;
  transportId: string;
  producerId: string;
  consumerId: string;
  /** Real media parameters where a server will look at them; anything plausible otherwise. */
  dtlsParameters?: JsonObject;
  /** What media.produce sends: Opus as the mic unless given. */
  produce?: { kind: 'audio' | 'video'; source: 'mic' | 'camera' | 'screen'; rtpParameters: JsonObject };
  rtpCapabilities?: JsonObject;
}

export const OPUS_RTP_PARAMETERS: JsonObject = {
  mid: '0',
  codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2, parameters: { useinbandfec: 1 }, rtcpFeedback: [] }],
  headerExtensions: [],
  encodings: [{ ssrc: 11_111_111 }],
  rtcp: { cname: 'fuzz', reducedSize: true },
};

const DTLS: JsonObject = {
  role: 'client',
  fingerprints: [{ algorithm: 'sha-256', value: Array.from({ length: 32 }, () => 'AB').join(':') }],
};

/** One valid message of every request type of the union (a missing one fails the type check). */
export function validMessages(ids: SampleIds): Record<RequestType, JsonObject> {
  const { participantId, transportId, producerId, consumerId } = ids;
  return {
    join: { type: 'join' },
    leave: { type: 'leave' },
    'lobby.admit': { type: 'lobby.admit', participantId },
    'lobby.deny': { type: 'lobby.deny', participantId, reason: 'Not on the list' },
    'participant.mute': { type: 'participant.mute', participantId, kind: 'audio' },
    'participant.unmute': { type: 'participant.unmute', participantId, kind: 'video' },
    'participant.remove': { type: 'participant.remove', participantId, reason: 'Contempt' },
    'participant.muteAll': { type: 'participant.muteAll' },
    'participant.allowScreen': { type: 'participant.allowScreen', participantId, allowed: true },
    'hearing.transition': { type: 'hearing.transition', action: 'open' },
    'display.setLayout': { type: 'display.setLayout', layout: { mode: 'participant', participantId } },
    'attendance.mark': {
      type: 'attendance.mark',
      participantId,
      status: 'absent',
      reason: 'Ill',
      idDocument: { kind: 'cccd', number: '001203004567' },
    },
    'media.getRouterRtpCapabilities': { type: 'media.getRouterRtpCapabilities' },
    'media.iceServers': { type: 'media.iceServers' },
    'media.createTransport': { type: 'media.createTransport', direction: 'send' },
    'media.connectTransport': { type: 'media.connectTransport', transportId, dtlsParameters: ids.dtlsParameters ?? DTLS },
    'media.restartIce': { type: 'media.restartIce', transportId },
    'media.produce': {
      type: 'media.produce',
      transportId,
      ...(ids.produce ?? { kind: 'audio', source: 'mic', rtpParameters: OPUS_RTP_PARAMETERS }),
    },
    'media.closeProducer': { type: 'media.closeProducer', producerId },
    'media.pauseProducer': { type: 'media.pauseProducer', producerId },
    'media.resumeProducer': { type: 'media.resumeProducer', producerId },
    'media.consume': { type: 'media.consume', transportId, producerId, rtpCapabilities: ids.rtpCapabilities ?? { codecs: [] } },
    'media.resumeConsumer': { type: 'media.resumeConsumer', consumerId },
    'media.setConsumerLayers': { type: 'media.setConsumerLayers', consumerId, spatialLayer: 2 },
    'probe.start': { type: 'probe.start' },
    'probe.connect': { type: 'probe.connect', transportId, dtlsParameters: ids.dtlsParameters ?? DTLS },
    'probe.produce': { type: 'probe.produce', transportId, kind: 'audio', rtpParameters: OPUS_RTP_PARAMETERS },
    'probe.finish': { type: 'probe.finish' },
    'equipment.report': { type: 'equipment.report', report: { network: null, micOk: true, speakerOk: true, camera: true } },
    'media.quality': { type: 'media.quality', rttMs: 40, lossPct: 0, upKbps: 1200 },
    'hand.raise': { type: 'hand.raise' },
    'hand.lower': { type: 'hand.lower', participantId },
    'chat.send': { type: 'chat.send', to: participantId, text: 'Xin chào' },
    'chat.setOpen': { type: 'chat.setOpen', open: true },
    'room.move': { type: 'room.move', participantId, room: 'witness' },
    'consultation.open': { type: 'consultation.open', participantIds: [participantId, participantId] },
    'consultation.request': { type: 'consultation.request', withIds: [participantId] },
    'consultation.decline': { type: 'consultation.decline', participantId },
    'consultation.end': { type: 'consultation.end', room: 'consultation-1' },
  };
}

/** An object nested `depth` levels deep, built without recursion. */
export function deeplyNested(depth: number): JsonObject {
  let value: JsonObject = {};
  for (let i = 1; i < depth; i++) value = { a: value };
  return value;
}

export type Mutation =
  | { op: 'set'; at: number; value: Json }
  | { op: 'add'; at: number; key: string; value: Json }
  | { op: 'delete'; at: number }
  | { op: 'nest'; at: number; depth: number }
  | { op: 'widen'; at: number; length: number }
  | { op: 'retype'; type: string };

const key = fc.oneof(
  fc.constantFrom('type', 'transportId', 'producerId', 'codecs', 'encodings', 'ssrc', '__proto__', 'constructor'),
  fc.string({ maxLength: 12 }),
);

/**
 * What fuzzing does to a valid message, a few steps at a time. `deep` and `wide`: the extreme
 * nesting and array length tried (JSON.stringify cannot write 20,000 levels, so a test that sends
 * over a socket asks for less; tests/support/rawRequest.ts's deepJson() writes those).
 */
export function mutations(
  types: readonly string[],
  { deep = 20_000, wide = 5_000 }: { deep?: number; wide?: number } = {},
): fc.Arbitrary<Mutation[]> {
  const json = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>;
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ op: fc.constant('set' as const), at: fc.nat(), value: json }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('add' as const), at: fc.nat(), key, value: json }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), at: fc.nat() }) },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant('nest' as const),
        at: fc.nat(),
        depth: fc.oneof(fc.integer({ min: 5, max: 12 }), fc.constant(deep)),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant('widen' as const),
        at: fc.nat(),
        length: fc.oneof(fc.integer({ min: 60, max: 70 }), fc.constant(wide)),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ op: fc.constant('retype' as const), type: fc.oneof(fc.constantFrom(...types), fc.string({ maxLength: 20 })) }),
    },
  );
  return fc.array(mutation, { minLength: 1, maxLength: 4 });
}

/** Every place in a JSON value, the value itself first: [parent, key] pairs (the root has none). */
function places(root: Json): [JsonObject | Json[], string | number][] {
  const found: [JsonObject | Json[], string | number][] = [];
  const stack: Json[] = [root];
  while (stack.length > 0 && found.length < 200) {
    const v = stack.pop()!; // loop condition: not empty
    if (Array.isArray(v)) {
      v.forEach((item, i) => {
        found.push([v, i]);
        stack.push(item);
      });
    } else if (v !== null && typeof v === 'object') {
      for (const k of Object.keys(v)) {
        found.push([v, k]);
        stack.push(v[k] as Json);
      }
    }
  }
  return found;
}

/** Applies mutations to a copy of `message`; the result may be anything JSON. */
export function mutate(message: JsonObject, steps: Mutation[]): Json {
  let root: Json = structuredClone(message);
  for (const step of steps) {
    if (step.op === 'retype') {
      if (root !== null && typeof root === 'object' && !Array.isArray(root)) root.type = step.type;
      continue;
    }
    const all = places(root);
    const place = all.length === 0 ? undefined : all[step.at % all.length];
    const put = (value: Json) => {
      if (!place) root = value;
      else (place[0] as Record<string | number, Json>)[place[1]] = value;
    };
    const current: Json = place ? ((place[0] as Record<string | number, Json>)[place[1]] as Json) : root;
    switch (step.op) {
      case 'set':
        put(step.value);
        break;
      case 'add':
        if (current !== null && typeof current === 'object' && !Array.isArray(current)) {
          // defineProperty: "__proto__" becomes an own key, as JSON.parse makes it on the server.
          Object.defineProperty(current, step.key, { value: step.value, enumerable: true, writable: true, configurable: true });
        } else put({ [step.key]: step.value });
        break;
      case 'delete':
        if (place && Array.isArray(place[0])) place[0].splice(Number(place[1]), 1);
        else if (place) delete (place[0] as JsonObject)[place[1] as string];
        break;
      case 'nest':
        put(deeplyNested(step.depth));
        break;
      case 'widen':
        put(Array.from({ length: step.length }, () => current));
        break;
    }
  }
  return root;
}
