// A FAKE of the SFU for domain unit tests: it records every call HearingService makes and answers
// with canned data. Real media (mediasoup) is exercised by the integration tests instead.
import type { MediaEvent, MediaRoomPort, RoomPlacement } from '../../core/hearing/ports.js';
import type { ProducerInfo } from '../../core/hearing/types.js';
import type { MediaKind, MediaSource } from '../../core/protocol/model.js';
import type { ConsumerParams, TransportParams } from '../../core/protocol/signaling.js';

export interface FakeMediaCall {
  method: keyof MediaRoomPort;
  args: unknown[];
}

export class FakeMediaRoomPort implements MediaRoomPort {
  readonly calls: FakeMediaCall[] = [];
  readonly producers: ProducerInfo[] = [];
  /** Set to make setKindPaused reject, as an SFU that cannot reach its worker would. */
  failSetKindPaused: Error | null = null;
  #listener: (event: MediaEvent) => void = () => undefined;
  #seq = 0;

  #record(method: keyof MediaRoomPort, ...args: unknown[]): void {
    this.calls.push({ method, args });
  }

  /** Calls of one method, with their arguments. */
  callsOf(method: keyof MediaRoomPort): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  /** Play an event as if the SFU reported it. */
  emit(event: MediaEvent): void {
    this.#listener(event);
  }

  setListener(listener: (event: MediaEvent) => void): void {
    this.#listener = listener;
  }

  async routerRtpCapabilities(hearingId: string): Promise<unknown> {
    this.#record('routerRtpCapabilities', hearingId);
    return { codecs: [], headerExtensions: [] };
  }

  async createTransport(hearingId: string, participantId: string, direction: 'send' | 'recv'): Promise<TransportParams> {
    this.#record('createTransport', hearingId, participantId, direction);
    return { id: `fake-transport-${++this.#seq}`, iceParameters: {}, iceCandidates: [], dtlsParameters: {} };
  }

  async connectTransport(hearingId: string, participantId: string, transportId: string, dtls: unknown): Promise<void> {
    this.#record('connectTransport', hearingId, participantId, transportId, dtls);
  }

  async restartIce(hearingId: string, participantId: string, transportId: string): Promise<{ iceParameters: unknown }> {
    this.#record('restartIce', hearingId, participantId, transportId);
    return { iceParameters: { usernameFragment: `fake-ufrag-${++this.#seq}`, password: 'fake', iceLite: true } };
  }

  async produce(
    hearingId: string,
    participantId: string,
    args: { transportId: string; kind: MediaKind; rtpParameters: unknown; source: MediaSource; paused: boolean },
  ): Promise<ProducerInfo> {
    this.#record('produce', hearingId, participantId, args);
    const producer: ProducerInfo = {
      id: `fake-producer-${++this.#seq}`,
      participantId,
      kind: args.kind,
      source: args.source,
      paused: args.paused,
    };
    this.producers.push(producer);
    return producer;
  }

  async closeProducer(hearingId: string, participantId: string, producerId: string): Promise<void> {
    this.#record('closeProducer', hearingId, participantId, producerId);
  }

  async setProducerPaused(hearingId: string, participantId: string, producerId: string, paused: boolean): Promise<void> {
    this.#record('setProducerPaused', hearingId, participantId, producerId, paused);
  }

  async setKindPaused(hearingId: string, participantId: string, kind: MediaKind, paused: boolean): Promise<void> {
    this.#record('setKindPaused', hearingId, participantId, kind, paused);
    if (this.failSetKindPaused) throw this.failSetKindPaused;
  }

  async consume(
    hearingId: string,
    participantId: string,
    args: { transportId: string; producerId: string; rtpCapabilities: unknown },
  ): Promise<ConsumerParams> {
    this.#record('consume', hearingId, participantId, args);
    return { id: `fake-consumer-${++this.#seq}`, producerId: args.producerId, kind: 'audio', rtpParameters: {}, participantId: 'x' };
  }

  async resumeConsumer(hearingId: string, participantId: string, consumerId: string): Promise<void> {
    this.#record('resumeConsumer', hearingId, participantId, consumerId);
  }

  async setConsumerLayers(hearingId: string, participantId: string, consumerId: string, spatialLayer: number): Promise<void> {
    this.#record('setConsumerLayers', hearingId, participantId, consumerId, spatialLayer);
  }

  listProducers(hearingId: string): ProducerInfo[] {
    this.#record('listProducers', hearingId);
    return [...this.producers];
  }

  /** Recorded as one 'setRooms' entry per placement, in order, so tests name who went where. */
  setRooms(hearingId: string, placements: readonly RoomPlacement[]): void {
    for (const { participantId, room } of placements) this.#record('setRooms', hearingId, participantId, room);
  }

  setPinned(hearingId: string, participantId: string, pinned: boolean): void {
    this.#record('setPinned', hearingId, participantId, pinned);
  }

  closePeer(hearingId: string, participantId: string): void {
    this.#record('closePeer', hearingId, participantId);
  }

  closeRoom(hearingId: string): void {
    this.#record('closeRoom', hearingId);
  }
}
