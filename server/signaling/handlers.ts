// One small handler per request type. Guards live in the domain (HearingService); handlers only
// route a validated message to it and shape the reply.
import type { HearingService } from '../../core/hearing/HearingService.js';
import type { MediaRoomPort } from '../../core/hearing/ports.js';
import type { ParticipantRef } from '../../core/hearing/types.js';
import { NotFoundError } from '../../core/hearing/errors.js';
import type { IceServersReply, RequestOf, RequestType, ResponseMap } from '../../core/protocol/signaling.js';
import { equipmentReport, probeConnect, probeFinish, probeProduce, probeStart } from './probe.js';

export interface HandlerContext {
  ref: ParticipantRef;
  service: HearingService;
  media: MediaRoomPort;
  /** TURN servers and credentials for one participant (server/turn/IceServers.ts); none when absent. */
  iceServers?: IceServerSource;
}

export interface IceServerSource {
  forParticipant(participantId: string): Promise<IceServersReply>;
}

/** Without TURN: host candidates only, nothing to refresh for an hour. */
export const NO_TURN: IceServerSource = {
  forParticipant: () =>
    Promise.resolve({ iceServers: [], iceTransportPolicy: 'all', expiresAt: new Date(Date.now() + 3600_000).toISOString() }),
};

type Handler<T extends RequestType> = (ctx: HandlerContext, msg: RequestOf<T>) => Promise<ResponseMap[T]>;
type HandlerTable = { [T in RequestType]: Handler<T> };

const done = {} as Record<string, never>;

export const handlers: HandlerTable = {
  join: ({ service, ref }) => service.join(ref),
  leave: async ({ service, ref }, m) => (await service.leave(ref, m.reason), done),

  'lobby.admit': async ({ service, ref }, m) => (await service.admit(ref, m.participantId), done),
  'lobby.deny': async ({ service, ref }, m) => (await service.deny(ref, m.participantId, m.reason), done),

  'participant.mute': async ({ service, ref }, m) => (await service.setForcedMute(ref, m.participantId, m.kind, true), done),
  'participant.unmute': async ({ service, ref }, m) => (await service.setForcedMute(ref, m.participantId, m.kind, false), done),
  'participant.remove': async ({ service, ref }, m) => (await service.remove(ref, m.participantId, m.reason), done),
  'participant.muteAll': async ({ service, ref }) => ({ muted: await service.muteAll(ref) }),
  'participant.allowScreen': async ({ service, ref }, m) => (await service.allowScreen(ref, m.participantId, m.allowed), done),

  'hearing.transition': async ({ service, ref }, m) => ({ state: await service.transition(ref, m.action, m.reason) }),
  'display.setLayout': async ({ service, ref }, m) => (await service.setDisplayLayout(ref, m.layout), done),
  'attendance.mark': async ({ service, ref }, m) => ({
    attendance: await service.markAttendance(ref, {
      participantId: m.participantId,
      status: m.status,
      reason: m.reason,
      idDocument: m.idDocument,
    }),
  }),

  'media.getRouterRtpCapabilities': ({ service, media, ref }) =>
    service.withMedia(ref, 'consume', async () => ({ rtpCapabilities: await media.routerRtpCapabilities(ref.hearingId) })),
  // Relay credentials only for who may take part in media (admitted, hearing not ended).
  'media.iceServers': ({ service, iceServers = NO_TURN, ref }) =>
    service.withMedia(ref, 'consume', () => iceServers.forParticipant(ref.participantId)),
  'media.createTransport': ({ service, media, ref }, m) =>
    service.withMedia(ref, m.direction === 'send' ? 'produce' : 'consume', () =>
      media.createTransport(ref.hearingId, ref.participantId, m.direction),
    ),
  'media.connectTransport': ({ service, media, ref }, m) =>
    service.withMedia(ref, 'consume', async () => {
      await media.connectTransport(ref.hearingId, ref.participantId, m.transportId, m.dtlsParameters);
      return done;
    }),
  // The room looks the transport up among the asker's own only: anyone else's id is not_found.
  'media.restartIce': ({ service, media, ref }, m) =>
    service.withMedia(ref, 'consume', () => media.restartIce(ref.hearingId, ref.participantId, m.transportId)),
  'media.produce': ({ service, media, ref }, m) =>
    service.withMedia(ref, 'produce', async (self) => {
      // A screen only from the bench, or from someone the presiding judge allowed (FloorCommands).
      if (m.source === 'screen') service.ensureMayShareScreen(self);
      // Someone the judge muted may still publish, but the producer starts paused.
      const paused = m.kind === 'audio' ? self.forcedMuteAudio : self.forcedMuteVideo;
      const producer = await media.produce(ref.hearingId, ref.participantId, {
        transportId: m.transportId,
        kind: m.kind,
        rtpParameters: m.rtpParameters,
        source: m.source,
        paused,
      });
      if (m.source === 'screen') await service.confirmScreenShare(ref, producer.id);
      return { producerId: producer.id };
    }),
  'media.closeProducer': ({ service, media, ref }, m) =>
    service.withMedia(ref, 'produce', async () => {
      await media.closeProducer(ref.hearingId, ref.participantId, m.producerId);
      return done;
    }),
  'media.pauseProducer': ({ service, media, ref }, m) =>
    service.withMedia(ref, 'produce', async () => {
      await media.setProducerPaused(ref.hearingId, ref.participantId, m.producerId, true);
      return done;
    }),
  'media.resumeProducer': ({ service, media, ref }, m) =>
    service.withMedia(ref, 'produce', async (self) => {
      const producer = media.listProducers(ref.hearingId).find((p) => p.id === m.producerId);
      if (!producer || producer.participantId !== self.id) throw new NotFoundError('Producer', m.producerId);
      service.ensureMayUnmute(self, producer.kind);
      await media.setProducerPaused(ref.hearingId, ref.participantId, m.producerId, false);
      return done;
    }),
  'media.consume': ({ service, media, ref }, m) =>
    service.withMedia(ref, 'consume', () =>
      media.consume(ref.hearingId, ref.participantId, {
        transportId: m.transportId,
        producerId: m.producerId,
        rtpCapabilities: m.rtpCapabilities,
      }),
    ),
  'media.resumeConsumer': ({ service, media, ref }, m) =>
    service.withMedia(ref, 'consume', async () => {
      await media.resumeConsumer(ref.hearingId, ref.participantId, m.consumerId);
      return done;
    }),
  'media.setConsumerLayers': ({ service, media, ref }, m) =>
    service.withMedia(ref, 'consume', async () => {
      await media.setConsumerLayers(ref.hearingId, ref.participantId, m.consumerId, m.spatialLayer);
      return done;
    }),
  // The browser's own link figures: kept for the next sample of the room (LinkQuality.ts).
  'media.quality': async ({ service, ref }, m) => {
    await service.reportLinkQuality(ref, { rttMs: m.rttMs, lossPct: m.lossPct, upKbps: m.upKbps });
    return done;
  },

  // The equipment check, before joining (probe.ts).
  'probe.start': (ctx) => probeStart(ctx),
  'probe.connect': (ctx, m) => probeConnect(ctx, m),
  'probe.produce': (ctx, m) => probeProduce(ctx, m),
  'probe.finish': (ctx) => probeFinish(ctx),
  'equipment.report': (ctx, m) => equipmentReport(ctx, m.report),

  // Raise hand and chat (core/hearing/Hands.ts, Chat.ts); chat.send is rate-limited before it gets here (SignalingGate).
  'hand.raise': async ({ service, ref }) => (await service.raiseHand(ref), done),
  'hand.lower': async ({ service, ref }, m) => (await service.lowerHand(ref, m.participantId), done),
  'chat.send': async ({ service, ref }, m) => ({ message: await service.sendChat(ref, m.to, m.text) }),
  'chat.setOpen': async ({ service, ref }, m) => (await service.setChatOpen(ref, m.open), done),

  // Rooms (core/hearing/RoomCommands.ts).
  'room.move': async ({ service, ref }, m) => (await service.moveToRoom(ref, m.participantId, m.room), done),
  'consultation.open': async ({ service, ref }, m) => ({ room: await service.openConsultation(ref, m.participantIds) }),
  'consultation.request': async ({ service, ref }, m) => (await service.requestConsultation(ref, m.withIds), done),
  'consultation.decline': async ({ service, ref }, m) => (await service.declineConsultation(ref, m.participantId), done),
  'consultation.end': async ({ service, ref }, m) => (await service.endConsultation(ref, m.room), done),
};
