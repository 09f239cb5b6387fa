import { describe, expect, it } from 'vitest';
import { Request, type RequestType } from '../../../core/protocol/signaling.js';

// One valid message of every request type, with every optional field present.
const VALID: Record<RequestType, Record<string, unknown>> = {
  join: { type: 'join' },
  leave: { type: 'leave' },
  'lobby.admit': { type: 'lobby.admit', participantId: 'p-1' },
  'lobby.deny': { type: 'lobby.deny', participantId: 'p-1', reason: 'Not on the list' },
  'participant.mute': { type: 'participant.mute', participantId: 'p-1', kind: 'audio' },
  'participant.unmute': { type: 'participant.unmute', participantId: 'p-1', kind: 'video' },
  'participant.remove': { type: 'participant.remove', participantId: 'p-1', reason: 'Contempt' },
  'participant.muteAll': { type: 'participant.muteAll' },
  'participant.allowScreen': { type: 'participant.allowScreen', participantId: 'p-1', allowed: false },
  'hearing.transition': { type: 'hearing.transition', action: 'open' },
  'display.setLayout': { type: 'display.setLayout', layout: { mode: 'participant', participantId: 'p-1' } },
  'attendance.mark': {
    type: 'attendance.mark',
    participantId: 'p-1',
    status: 'present',
    reason: 'Arrived late',
    idDocument: { kind: 'cccd', number: '001203004567' },
  },
  'media.getRouterRtpCapabilities': { type: 'media.getRouterRtpCapabilities' },
  'media.iceServers': { type: 'media.iceServers' },
  'media.createTransport': { type: 'media.createTransport', direction: 'send' },
  'media.connectTransport': { type: 'media.connectTransport', transportId: 't-1', dtlsParameters: { role: 'client', fingerprints: [] } },
  'media.restartIce': { type: 'media.restartIce', transportId: 't-1' },
  'media.produce': { type: 'media.produce', transportId: 't-1', kind: 'audio', rtpParameters: { codecs: [] }, source: 'mic' },
  'media.closeProducer': { type: 'media.closeProducer', producerId: 'pr-1' },
  'media.pauseProducer': { type: 'media.pauseProducer', producerId: 'pr-1' },
  'media.resumeProducer': { type: 'media.resumeProducer', producerId: 'pr-1' },
  'media.consume': { type: 'media.consume', transportId: 't-1', producerId: 'pr-1', rtpCapabilities: { codecs: [] } },
  'media.resumeConsumer': { type: 'media.resumeConsumer', consumerId: 'c-1' },
  'media.setConsumerLayers': { type: 'media.setConsumerLayers', consumerId: 'c-1', spatialLayer: 2 },
  'probe.start': { type: 'probe.start' },
  'probe.connect': { type: 'probe.connect', transportId: 't-1', dtlsParameters: { role: 'client', fingerprints: [] } },
  'probe.produce': { type: 'probe.produce', transportId: 't-1', kind: 'video', rtpParameters: { codecs: [] } },
  'probe.finish': { type: 'probe.finish' },
  'equipment.report': {
    type: 'equipment.report',
    report: { network: { connected: true, rttMs: 12, lossPct: 0, uplinkKbps: 1500 }, micOk: true, speakerOk: null, camera: true },
  },
  'media.quality': { type: 'media.quality', rttMs: 42, lossPct: 0.5, upKbps: 1200 },
  'hand.raise': { type: 'hand.raise' },
  'hand.lower': { type: 'hand.lower' },
  'chat.send': { type: 'chat.send', to: 'clerk', text: 'Tôi không nghe rõ' },
  'chat.setOpen': { type: 'chat.setOpen', open: true },
  'room.move': { type: 'room.move', participantId: 'p-1', room: 'witness' },
  'consultation.open': { type: 'consultation.open', participantIds: ['p-1', 'p-2'] },
  'consultation.request': { type: 'consultation.request', withIds: ['p-2'] },
  'consultation.decline': { type: 'consultation.decline', participantId: 'p-2' },
  'consultation.end': { type: 'consultation.end', room: 'consultation-1' },
};

const OPTIONAL = new Set(['reason', 'idDocument']);
const ALL = Object.entries(VALID) as [RequestType, Record<string, unknown>][];

/** Every (message, required field) pair: the message with that field removed must be refused. */
const requiredFields = ALL.flatMap(([type, msg]) =>
  Object.keys(msg)
    .filter((k) => k !== 'type' && !OPTIONAL.has(k))
    .map((field) => ({ type, field })),
);

const rejects = (value: unknown) => expect(Request.safeParse(value).success).toBe(false);

describe('signaling Request schema', () => {
  it('has a valid example for every request type of the union', () => {
    const types = Request.options.map((o) => o.shape.type.value).sort();
    expect(Object.keys(VALID).sort()).toEqual(types);
  });

  it.each(ALL)('accepts a well-formed %s', (_type, msg) => {
    const parsed = Request.safeParse(msg);
    expect(parsed.success).toBe(true);
    expect(parsed.data).toEqual(msg);
  });

  it.each(ALL.filter(([, m]) => 'reason' in m))('accepts %s without its optional reason', (_type, msg) => {
    const { reason: _reason, ...rest } = msg;
    expect(Request.safeParse(rest).success).toBe(true);
  });

  describe('rejects non-objects', () => {
    it.each([null, undefined, 'join', '{"type":"join"}', 42, true, [], [{ type: 'join' }]])('%j', (value) => {
      rejects(value);
    });
  });

  it('rejects a message without a type', () => {
    rejects({});
    rejects({ participantId: 'p-1' });
  });

  it.each(['JOIN', 'lobby.admitAll', 'hearing.delete', 'media.produceData', '', '__proto__', 'constructor'])(
    'rejects the unknown type %j',
    (type) => rejects({ type }),
  );

  it.each([42, null, true, { value: 'join' }, ['join']])('rejects a non-string type %j', (type) => rejects({ type }));

  it.each(requiredFields)('rejects $type without its $field', ({ type, field }) => {
    const { [field]: _gone, ...rest } = VALID[type];
    rejects(rest);
  });

  it.each(ALL)('rejects %s with an extra key', (_type, msg) => {
    rejects({ ...msg, extra: 1 });
    rejects({ ...msg, hearingId: 'another-hearing' });
  });

  it.each(ALL)('rejects %s with a participantId/role smuggled in as extra keys', (_type, msg) => {
    rejects({ ...msg, role: 'judge', asParticipant: 'p-judge' });
  });

  describe('wrong types', () => {
    it.each([
      ['participantId as number', { type: 'lobby.admit', participantId: 12 }],
      ['participantId as null', { type: 'lobby.admit', participantId: null }],
      ['participantId as object', { type: 'participant.remove', participantId: { $ne: '' } }],
      ['participantId as array', { type: 'participant.remove', participantId: ['p-1'] }],
      ['reason as number', { type: 'lobby.deny', participantId: 'p-1', reason: 5 }],
      ['kind outside the enum', { type: 'participant.mute', participantId: 'p-1', kind: 'screen' }],
      ['kind as wrong case', { type: 'participant.mute', participantId: 'p-1', kind: 'AUDIO' }],
      ['unknown transition action', { type: 'hearing.transition', action: 'reopen' }],
      ['transition action as state name', { type: 'hearing.transition', action: 'in_session' }],
      ['direction outside the enum', { type: 'media.createTransport', direction: 'both' }],
      ['dtlsParameters as string', { type: 'media.connectTransport', transportId: 't-1', dtlsParameters: 'x' }],
      ['dtlsParameters as array', { type: 'media.connectTransport', transportId: 't-1', dtlsParameters: [] }],
      ['dtlsParameters as null', { type: 'media.connectTransport', transportId: 't-1', dtlsParameters: null }],
      ['rtpParameters as string', { type: 'media.produce', transportId: 't-1', kind: 'audio', rtpParameters: 'x', source: 'mic' }],
      ['source outside the enum', { type: 'media.produce', transportId: 't-1', kind: 'video', rtpParameters: {}, source: 'webcam' }],
      ['rtpCapabilities as number', { type: 'media.consume', transportId: 't', producerId: 'p', rtpCapabilities: 1 }],
      ['spatialLayer as string', { type: 'media.setConsumerLayers', consumerId: 'c-1', spatialLayer: '1' }],
      ['spatialLayer fractional', { type: 'media.setConsumerLayers', consumerId: 'c-1', spatialLayer: 1.5 }],
      ['spatialLayer negative', { type: 'media.setConsumerLayers', consumerId: 'c-1', spatialLayer: -1 }],
      ['spatialLayer above 3', { type: 'media.setConsumerLayers', consumerId: 'c-1', spatialLayer: 4 }],
      ['spatialLayer NaN', { type: 'media.setConsumerLayers', consumerId: 'c-1', spatialLayer: Number.NaN }],
    ])('rejects %s', (_name, msg) => rejects(msg));
  });

  describe('string lengths', () => {
    const id64 = 'x'.repeat(64);
    const id65 = 'x'.repeat(65);

    it('accepts ids of 64 characters and refuses 65', () => {
      expect(Request.safeParse({ type: 'lobby.admit', participantId: id64 }).success).toBe(true);
      rejects({ type: 'lobby.admit', participantId: id65 });
      rejects({ type: 'media.closeProducer', producerId: id65 });
      rejects({ type: 'media.connectTransport', transportId: id65, dtlsParameters: {} });
      rejects({ type: 'media.resumeConsumer', consumerId: id65 });
    });

    it('refuses empty ids', () => {
      rejects({ type: 'lobby.admit', participantId: '' });
      rejects({ type: 'media.consume', transportId: '', producerId: 'p', rtpCapabilities: {} });
    });

    it('accepts a reason of 500 characters and refuses 501', () => {
      expect(Request.safeParse({ type: 'lobby.deny', participantId: 'p', reason: 'r'.repeat(500) }).success).toBe(true);
      rejects({ type: 'lobby.deny', participantId: 'p', reason: 'r'.repeat(501) });
      rejects({ type: 'participant.remove', participantId: 'p', reason: 'r'.repeat(10_000) });
    });
  });
});
