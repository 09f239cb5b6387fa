// One small handler per request type. Guards live in the domain (HearingService); handlers only
// route a validated message to it and shape the reply.
import type { HearingService } from '../../core/hearing/HearingService.js';
import type { MediaRoomPort } from '../../core/hearing/ports.js';
import type { ParticipantRef } from '../../core/hearing/types.js';
import { NotFoundError } from '../../core/hearing/errors.js';
import type { RequestOf, RequestType, ResponseMap } from '../../core/protocol/signaling.js';

export interface HandlerContext {
  ref: ParticipantRef;
  service: HearingService;
  media: MediaRoomPort;
}

type Handler<T extends RequestType> = (ctx: HandlerContext, msg: RequestOf<T>) => Promise<ResponseMap[T]>;
type HandlerTable = { [T in RequestType]: Handler<T> };

const done = {} as Record<string, never>;

export const handlers: HandlerTable = {
  join: ({ service, ref }) => service.join(ref),
  leave: async ({ service, ref }) => (await service.leave(ref), done),

  'lobby.admit': async ({ service, ref }, m) => (await service.admit(ref, m.participantId), done),
  'lobby.deny': async ({ service, ref }, m) => (await service.deny(ref, m.participantId, m.reason), done),

  'participant.mute': async ({ service, ref }, m) => (await service.setForcedMute(ref, m.participantId, m.kind, true), done),
  'participant.unmute': async ({ service, ref }, m) => (await service.setForcedMute(ref, m.participantId, m.kind, false), done),
  'participant.remove': async ({ service, ref }, m) => (await service.remove(ref, m.participantId, m.reason), done),

  'hearing.transition': async ({ service, ref }, m) => ({ state: await service.transition(ref, m.action) }),
  'display.setLayout': async ({ service, ref }, m) => (await service.setDisplayLayout(ref, m.layout), done),

  'media.getRouterRtpCapabilities': ({ service, media, ref }) =>
    service.withMedia(ref, 'consume', async () => ({ rtpCapabilities: await media.routerRtpCapabilities(ref.hearingId) })),
  'media.createTransport': ({ service, media, ref }, m) =>
    service.withMedia(ref, m.direction === 'send' ? 'produce' : 'consume', () =>
      media.createTransport(ref.hearingId, ref.participantId, m.direction),
    ),
  'media.connectTransport': ({ service, media, ref }, m) =>
    service.withMedia(ref, 'consume', async () => {
      await media.connectTransport(ref.hearingId, ref.participantId, m.transportId, m.dtlsParameters);
      return done;
    }),
  'media.produce': ({ service, media, ref }, m) =>
    service.withMedia(ref, 'produce', async (self) => {
      // Someone the judge muted may still publish, but the producer starts paused.
      const paused = m.kind === 'audio' ? self.forcedMuteAudio : self.forcedMuteVideo;
      const producer = await media.produce(ref.hearingId, ref.participantId, {
        transportId: m.transportId,
        kind: m.kind,
        rtpParameters: m.rtpParameters,
        source: m.source,
        paused,
      });
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
};
