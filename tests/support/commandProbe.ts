// Sends one signaling command, as a participant of one role, the way a socket does: the Request
// schema at the boundary, then the handler table, against the real domain on SQLite in memory (media
// and the network probe faked: FakeMediaRoomPort, FAKE_PROBES). Used by the role × command table
// (tests/unit/hearing/procedureTable.test.ts) and by the document generated from what the server
// does (scripts/procedure-tables.ts → docs/procedure.md).
//
// The scene of every command: a hearing in session (khai mạc) where the presiding judge, the asker,
// an admitted party (the target of mute/remove) and someone still waiting in the lobby (the target
// of admit/deny) are present; the asker has a microphone producer of its own and the target one too.
import { DeviceRegistry } from '../../core/hearing/DeviceRegistry.js';
import type { DomainError } from '../../core/hearing/errors.js';
import type { ProbePort } from '../../core/hearing/ports.js';
import type { ParticipantRecord } from '../../core/hearing/types.js';
import type { PersonRole, Role } from '../../core/protocol/model.js';
import { Request, type ErrorCode, type RequestType } from '../../core/protocol/signaling.js';
import { SecretBox } from '../../server/secrets.js';
import { handlers } from '../../server/signaling/handlers.js';
import { CLERK_ACCOUNT, makeDomain } from './domain.js';

/** Who and what a command is about, in its scene. */
export interface Scene {
  /** An admitted party other than the asker (the defendant, or the witness when the defendant asks). */
  targetId: string;
  /** Someone waiting in the lobby (the observer, or the expert when the observer asks). */
  waiterId: string;
  ownProducerId: string;
  otherProducerId: string;
  /** Counsel in the hearing (the asker when counsel asks): who consults the target. */
  counselId: string;
}

export interface CommandCase {
  /** The request type, with the variant when one type has two (createTransport send / recv). */
  name: string;
  type: RequestType;
  message(scene: Scene): Record<string, unknown>;
}

const REASON = 'Theo quyết định của Hội đồng xét xử';
const NETWORK = { connected: true, rttMs: 40, lossPct: 0, uplinkKbps: 1200 };

/** Every signaling command, with a well-formed message for it; the order of core/protocol/signaling.ts. */
export const COMMAND_CASES: readonly CommandCase[] = [
  { name: 'join', type: 'join', message: () => ({}) },
  // A party whose presence is required gives a reason for leaving; anyone may.
  { name: 'leave', type: 'leave', message: () => ({ reason: 'Có việc gia đình đột xuất' }) },
  { name: 'lobby.admit', type: 'lobby.admit', message: (s) => ({ participantId: s.waiterId }) },
  { name: 'lobby.deny', type: 'lobby.deny', message: (s) => ({ participantId: s.waiterId, reason: REASON }) },
  { name: 'participant.mute', type: 'participant.mute', message: (s) => ({ participantId: s.targetId, kind: 'audio' }) },
  { name: 'participant.unmute', type: 'participant.unmute', message: (s) => ({ participantId: s.targetId, kind: 'audio' }) },
  { name: 'participant.remove', type: 'participant.remove', message: (s) => ({ participantId: s.targetId, reason: REASON }) },
  { name: 'participant.muteAll', type: 'participant.muteAll', message: () => ({}) },
  { name: 'participant.allowScreen', type: 'participant.allowScreen', message: (s) => ({ participantId: s.targetId, allowed: true }) },
  { name: 'hearing.transition', type: 'hearing.transition', message: () => ({ action: 'recess', reason: REASON }) },
  { name: 'display.setLayout', type: 'display.setLayout', message: () => ({ layout: { mode: 'grid' } }) },
  { name: 'attendance.mark', type: 'attendance.mark', message: (s) => ({ participantId: s.targetId, status: 'present' }) },
  { name: 'media.getRouterRtpCapabilities', type: 'media.getRouterRtpCapabilities', message: () => ({}) },
  { name: 'media.iceServers', type: 'media.iceServers', message: () => ({}) },
  { name: 'media.createTransport (send)', type: 'media.createTransport', message: () => ({ direction: 'send' }) },
  { name: 'media.createTransport (recv)', type: 'media.createTransport', message: () => ({ direction: 'recv' }) },
  {
    name: 'media.connectTransport',
    type: 'media.connectTransport',
    message: () => ({ transportId: 't-1', dtlsParameters: { role: 'client' } }),
  },
  { name: 'media.restartIce', type: 'media.restartIce', message: () => ({ transportId: 't-1' }) },
  {
    name: 'media.produce',
    type: 'media.produce',
    message: () => ({ transportId: 't-1', kind: 'video', rtpParameters: { codecs: [] }, source: 'camera' }),
  },
  { name: 'media.closeProducer', type: 'media.closeProducer', message: (s) => ({ producerId: s.ownProducerId }) },
  { name: 'media.pauseProducer', type: 'media.pauseProducer', message: (s) => ({ producerId: s.ownProducerId }) },
  { name: 'media.resumeProducer', type: 'media.resumeProducer', message: (s) => ({ producerId: s.ownProducerId }) },
  {
    name: 'media.consume',
    type: 'media.consume',
    message: (s) => ({ transportId: 't-2', producerId: s.otherProducerId, rtpCapabilities: { codecs: [] } }),
  },
  { name: 'media.resumeConsumer', type: 'media.resumeConsumer', message: () => ({ consumerId: 'c-1' }) },
  { name: 'media.setConsumerLayers', type: 'media.setConsumerLayers', message: () => ({ consumerId: 'c-1', spatialLayer: 1 }) },
  { name: 'probe.start', type: 'probe.start', message: () => ({}) },
  { name: 'probe.connect', type: 'probe.connect', message: () => ({ transportId: 'probe-t', dtlsParameters: { role: 'client' } }) },
  {
    name: 'probe.produce',
    type: 'probe.produce',
    message: () => ({ transportId: 'probe-t', kind: 'video', rtpParameters: { codecs: [] } }),
  },
  { name: 'probe.finish', type: 'probe.finish', message: () => ({}) },
  {
    name: 'equipment.report',
    type: 'equipment.report',
    message: () => ({ report: { network: NETWORK, micOk: true, speakerOk: true, camera: true, rulesAccepted: true } }),
  },
  { name: 'media.quality', type: 'media.quality', message: () => ({ rttMs: 40, lossPct: 0, upKbps: 1200 }) },
  { name: 'hand.raise', type: 'hand.raise', message: () => ({}) },
  { name: 'hand.lower (own)', type: 'hand.lower', message: () => ({}) },
  { name: 'hand.lower (another’s)', type: 'hand.lower', message: (s) => ({ participantId: s.targetId }) },
  { name: 'chat.send (to the clerk)', type: 'chat.send', message: () => ({ to: 'clerk', text: 'Xin cho hỏi thủ tục' }) },
  { name: 'chat.send (to everyone)', type: 'chat.send', message: () => ({ to: 'everyone', text: 'Xin chào' }) },
  { name: 'chat.setOpen', type: 'chat.setOpen', message: () => ({ open: true }) },
  { name: 'room.move', type: 'room.move', message: (s) => ({ participantId: s.targetId, room: 'witness' }) },
  // The target (a party) with the counsel of the scene; a request is for a recess, the scene is in session.
  { name: 'consultation.open', type: 'consultation.open', message: (s) => ({ participantIds: [s.counselId, s.targetId] }) },
  { name: 'consultation.request', type: 'consultation.request', message: (s) => ({ withIds: [s.targetId] }) },
  { name: 'consultation.decline', type: 'consultation.decline', message: (s) => ({ participantId: s.counselId }) },
  { name: 'consultation.end', type: 'consultation.end', message: () => ({ room: 'consultation-1' }) },
];

/** A FAKE of the SFU's probe router: answers every step as a good link would. */
const FAKE_PROBES: ProbePort = {
  start: () =>
    Promise.resolve({
      rtpCapabilities: { codecs: [] },
      transport: { id: 'probe-t', iceParameters: {}, iceCandidates: [], dtlsParameters: {} },
      maxDurationMs: 8000,
    }),
  connect: () => Promise.resolve(),
  produce: () => Promise.resolve({ producerId: 'probe-p' }),
  finish: () => Promise.resolve({ connected: true, packetsReceived: 400, packetsLost: 0, recvKbps: 1200, rttMs: 40 }),
  close: () => undefined,
};

/** The request types the schema knows, read from the schema itself (so a new command shows up here). */
export function requestTypes(): RequestType[] {
  return Request.options.map((o) => o.shape.type.value);
}

export interface CommandAnswer {
  answer: 'ok' | ErrorCode;
  /** Whether the hearing's record (state, participants, audit log) changed. */
  changed: boolean;
}

/**
 * What the server answers when a participant of `role` sends `command` in its scene: 'ok', or the
 * stable error code it refuses with. The courtroom device asking is a camera (a display only receives).
 */
export async function tryCommand(role: Role, command: CommandCase): Promise<CommandAnswer> {
  const d = await makeDomain();
  try {
    Object.defineProperty(d.media, 'probes', { value: FAKE_PROBES });
    await d.service.join(d.ref('judge'));
    const seat = async (p: ParticipantRecord) => {
      await d.service.join(d.ref(p));
      if ((await d.participant(p)).status === 'lobby') await d.service.admit(d.ref('judge'), p.id);
    };
    let asker: ParticipantRecord;
    if (role === 'device') {
      const site = await d.caseFile.createSite('Phòng xử án số 1', 'courtroom');
      const devices = new DeviceRegistry(d.store, d.clock, SecretBox.withRandomKey());
      const camera = await devices.register({ siteId: site.id, kind: 'camera', name: 'Camera 1', rtspUrl: 'rtsp://camera.local/stream' });
      asker = await devices.attach(CLERK_ACCOUNT, d.hearing.id, camera.id);
    } else asker = d.people[role];
    if (role !== 'judge') await seat(asker);
    const target = d.people[role === 'defendant' ? 'witness' : 'defendant'];
    await seat(target);
    const waiter: PersonRole = role === 'observer' ? 'expert' : 'observer';
    await d.service.join(d.ref(waiter));
    await d.bringTo('in_session');
    d.media.producers.push(
      { id: 'own-mic', participantId: asker.id, kind: 'audio', source: 'mic', paused: true },
      { id: 'target-mic', participantId: target.id, kind: 'audio', source: 'mic', paused: false },
    );
    if (role !== 'counsel') await seat(d.people.counsel);
    const scene: Scene = {
      targetId: target.id,
      waiterId: d.people[waiter].id,
      ownProducerId: 'own-mic',
      otherProducerId: 'target-mic',
      counselId: d.people.counsel.id,
    };

    const parsed = Request.safeParse({ type: command.type, ...command.message(scene) });
    if (!parsed.success) throw new Error(`${command.name}: the sample message is malformed: ${parsed.error.message}`);
    const handler = handlers[parsed.data.type] as (ctx: Parameters<(typeof handlers)['join']>[0], msg: Request) => Promise<unknown>;
    const before = await d.dump();
    let answer: CommandAnswer['answer'] = 'ok';
    try {
      await handler({ ref: d.ref(asker), service: d.service, media: d.media }, parsed.data);
    } catch (error) {
      const code = (error as Partial<DomainError>).code;
      if (!code) throw error;
      answer = code;
    }
    return { answer, changed: (await d.dump()) !== before };
  } finally {
    await d.close();
  }
}
