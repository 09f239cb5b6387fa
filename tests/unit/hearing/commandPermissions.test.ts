// Every signaling command against every role, through the real handler table (server/signaling/
// handlers.ts) and HearingService (real SqliteStore; media faked by FakeMediaRoomPort). The actor
// is in the hearing (admitted and connected), so what is refused is refused for the role alone:
// with the stable code `forbidden`, changing nothing. An allowed command may still fail for other
// reasons here (a made-up id: not_found; no probe in the fake: unavailable), never as forbidden.
import { afterEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../../core/hearing/errors.js';
import { BENCH_ROLES } from '../../../core/hearing/permissions.js';
import { ROLES, type PersonRole, type Role } from '../../../core/protocol/model.js';
import { ERROR_CODES, Request } from '../../../core/protocol/signaling.js';
import { handlers, type HandlerContext } from '../../../server/signaling/handlers.js';
import { makeDomain, type Domain } from '../../support/domain.js';

const EVERYONE: readonly Role[] = ROLES;
/** Everyone who sends media: all but the public. */
const SENDERS: readonly Role[] = ROLES.filter((r) => r !== 'observer');
const PRESIDING: readonly Role[] = ['judge'];
/** Everyone in the hearing but the presiding judge (who gives the floor), the public and the devices. */
const HAND_RAISERS: readonly Role[] = ROLES.filter((r) => !['judge', 'observer', 'device'].includes(r));
/** Everyone but the devices: the public may still write to the clerk. */
const CHATTERS: readonly Role[] = ROLES.filter((r) => r !== 'device');

interface Command {
  msg: Request;
  /** The roles allowed to send it; every other role is refused with `forbidden`. */
  may: readonly Role[];
  /** Someone for the command to act on: waiting in the lobby, or in the hearing. */
  target?: 'lobby' | 'admitted';
}

const T = 'target'; // replaced by the target's id
const COMMANDS: Record<string, Command> = {
  join: { msg: { type: 'join' }, may: EVERYONE },
  leave: { msg: { type: 'leave' }, may: EVERYONE },
  'lobby.admit': { msg: { type: 'lobby.admit', participantId: T }, may: ['judge', 'clerk'], target: 'lobby' },
  'lobby.deny': { msg: { type: 'lobby.deny', participantId: T, reason: 'Không đúng người' }, may: PRESIDING, target: 'lobby' },
  'participant.mute': { msg: { type: 'participant.mute', participantId: T, kind: 'audio' }, may: PRESIDING, target: 'admitted' },
  'participant.unmute': { msg: { type: 'participant.unmute', participantId: T, kind: 'video' }, may: PRESIDING, target: 'admitted' },
  'participant.remove': { msg: { type: 'participant.remove', participantId: T, reason: 'Gây rối' }, may: PRESIDING, target: 'admitted' },
  'participant.muteAll': { msg: { type: 'participant.muteAll' }, may: PRESIDING, target: 'admitted' },
  'participant.allowScreen': {
    msg: { type: 'participant.allowScreen', participantId: T, allowed: true },
    may: PRESIDING,
    target: 'admitted',
  },
  'hearing.transition': { msg: { type: 'hearing.transition', action: 'open' }, may: PRESIDING },
  'display.setLayout': { msg: { type: 'display.setLayout', layout: { mode: 'speaker' } }, may: PRESIDING },
  'attendance.mark': { msg: { type: 'attendance.mark', participantId: T, status: 'present' }, may: ['judge', 'clerk'], target: 'admitted' },
  'media.getRouterRtpCapabilities': { msg: { type: 'media.getRouterRtpCapabilities' }, may: EVERYONE },
  'media.iceServers': { msg: { type: 'media.iceServers' }, may: EVERYONE },
  'media.createTransport (recv)': { msg: { type: 'media.createTransport', direction: 'recv' }, may: EVERYONE },
  'media.createTransport (send)': { msg: { type: 'media.createTransport', direction: 'send' }, may: SENDERS },
  'media.connectTransport': { msg: { type: 'media.connectTransport', transportId: 't-1', dtlsParameters: {} }, may: EVERYONE },
  'media.restartIce': { msg: { type: 'media.restartIce', transportId: 't-1' }, may: EVERYONE },
  'media.produce (camera)': {
    msg: { type: 'media.produce', transportId: 't-1', kind: 'video', rtpParameters: {}, source: 'camera' },
    may: SENDERS,
  },
  // Before the presiding judge allows anyone: the bench only (FloorCommands).
  'media.produce (screen)': {
    msg: { type: 'media.produce', transportId: 't-1', kind: 'video', rtpParameters: {}, source: 'screen' },
    may: BENCH_ROLES,
  },
  'media.closeProducer': { msg: { type: 'media.closeProducer', producerId: 'pr-1' }, may: SENDERS },
  'media.pauseProducer': { msg: { type: 'media.pauseProducer', producerId: 'pr-1' }, may: SENDERS },
  'media.resumeProducer': { msg: { type: 'media.resumeProducer', producerId: 'pr-1' }, may: SENDERS },
  'media.consume': { msg: { type: 'media.consume', transportId: 't-1', producerId: 'pr-1', rtpCapabilities: {} }, may: EVERYONE },
  'media.resumeConsumer': { msg: { type: 'media.resumeConsumer', consumerId: 'c-1' }, may: EVERYONE },
  'media.setConsumerLayers': { msg: { type: 'media.setConsumerLayers', consumerId: 'c-1', spatialLayer: 1 }, may: EVERYONE },
  'media.quality': { msg: { type: 'media.quality', rttMs: 40, lossPct: 0, upKbps: 900 }, may: EVERYONE },
  'probe.start': { msg: { type: 'probe.start' }, may: EVERYONE },
  'probe.connect': { msg: { type: 'probe.connect', transportId: 't-1', dtlsParameters: {} }, may: EVERYONE },
  'probe.produce': { msg: { type: 'probe.produce', transportId: 't-1', kind: 'audio', rtpParameters: {} }, may: EVERYONE },
  'probe.finish': { msg: { type: 'probe.finish' }, may: EVERYONE },
  // Raise hand and chat (Hands.ts, Chat.ts).
  'hand.raise': { msg: { type: 'hand.raise' }, may: HAND_RAISERS },
  'hand.lower (own)': { msg: { type: 'hand.lower' }, may: HAND_RAISERS },
  'hand.lower (another’s)': { msg: { type: 'hand.lower', participantId: T }, may: PRESIDING, target: 'admitted' },
  'chat.send (to the clerk)': { msg: { type: 'chat.send', to: 'clerk', text: 'Tôi không nghe rõ' }, may: CHATTERS },
  'chat.setOpen': { msg: { type: 'chat.setOpen', open: true }, may: PRESIDING },
  // The target is a witness (an expert when a witness asks): the judge and the clerk call them in (rooms.test.ts).
  'room.move': { msg: { type: 'room.move', participantId: T, room: 'courtroom' }, may: ['judge', 'clerk'], target: 'admitted' },
  // Consultations (consultations.test.ts): the judge opens and ends them, counsel asks for one.
  'consultation.open': { msg: { type: 'consultation.open', participantIds: [T, 'p-other'] }, may: PRESIDING, target: 'admitted' },
  'consultation.request': { msg: { type: 'consultation.request', withIds: [T] }, may: ['counsel', 'representative'], target: 'admitted' },
  'consultation.decline': { msg: { type: 'consultation.decline', participantId: T }, may: PRESIDING, target: 'admitted' },
  'consultation.end': { msg: { type: 'consultation.end', room: 'consultation-1' }, may: PRESIDING },
  'equipment.report': {
    msg: { type: 'equipment.report', report: { network: null, micOk: true, speakerOk: true, camera: true, rulesAccepted: true } },
    may: EVERYONE,
  },
};

/** A courtroom encoder taking part as a participant (role 'device'), admitted and connected. */
async function seatDevice(d: Domain): Promise<string> {
  const site = await d.caseFile.createSite('Phòng xử án số 1', 'courtroom');
  const at = '2025-03-01T07:00:00.000Z';
  await d.store.devices.insert({
    id: 'dev-1',
    siteId: site.id,
    kind: 'encoder',
    name: 'Encoder',
    rtspUrl: null,
    rtspSealed: null,
    tokenId: 't',
    revokedAt: null,
    createdAt: at,
  });
  await d.store.participants.insert({
    id: 'p-device',
    hearingId: d.hearing.id,
    displayName: 'Encoder',
    role: 'device',
    siteId: site.id,
    status: 'admitted',
    forcedMuteAudio: false,
    forcedMuteVideo: false,
    invitationId: null,
    deviceId: 'dev-1',
    createdAt: at,
  });
  await d.service.join({ hearingId: d.hearing.id, participantId: 'p-device' });
  return 'p-device';
}

type Dispatch = (ctx: HandlerContext, msg: Request) => Promise<unknown>;

/** 'ok', or the stable code the command was refused with. */
async function outcome(d: Domain, actorId: string, msg: Request): Promise<string> {
  const handler = (handlers as unknown as Record<string, Dispatch>)[msg.type];
  if (!handler) return `no handler for ${msg.type}`;
  try {
    await handler({ ref: { hearingId: d.hearing.id, participantId: actorId }, service: d.service, media: d.media }, msg);
    return 'ok';
  } catch (error) {
    return error instanceof DomainError ? error.code : `not a domain error: ${String(error)}`;
  }
}

const cells = Object.entries(COMMANDS).flatMap(([command, c]) => ROLES.map((role) => ({ command, role, allowed: c.may.includes(role) })));

let d: Domain | undefined;
afterEach(() => d?.close());

describe('every signaling command × every role (handlers.ts → HearingService)', () => {
  it('covers every request type of the protocol, with messages the schema accepts', () => {
    const types = new Set(Request.options.map((o) => o.shape.type.value));
    expect(new Set(Object.values(COMMANDS).map((c) => c.msg.type))).toEqual(types);
    for (const c of Object.values(COMMANDS)) expect(Request.safeParse(c.msg).success, c.msg.type).toBe(true);
  });

  it.each(cells)('$command by the $role: allowed $allowed', async ({ command, role, allowed }) => {
    d = await makeDomain();
    const c = COMMANDS[command]!;
    const actorId = role === 'device' ? await seatDevice(d) : (await d.seat(role as PersonRole), d.people[role as PersonRole].id);
    const targetRole: PersonRole = role === 'witness' ? 'expert' : 'witness';
    if (c.target === 'lobby') await d.service.join(d.ref(targetRole));
    if (c.target === 'admitted') await d.seat(targetRole);
    const msg = { ...c.msg, ...('participantId' in c.msg ? { participantId: d.people[targetRole].id } : {}) } as Request;
    const before = await d.dump();
    const code = await outcome(d, actorId, msg);
    if (allowed) {
      expect(code).not.toBe('forbidden');
      expect(['ok', ...ERROR_CODES]).toContain(code);
    } else {
      expect(code).toBe('forbidden');
      expect(await d.dump()).toBe(before);
    }
  });
});
