// The media half of a hearing, free of any UI framework: one mediasoup-client Device, a send and a
// receive transport, our producers (mic, camera, screen) and a consumer for every remote producer.
// Signaling goes through the `request` function HearingSession lends us; HearingSession also
// forwards the media notifications. Everything is torn down and rebuilt by `rebuild()` after a
// server media reset or a socket reconnect; the captured tracks (LocalTracks) survive it.
import { Device } from 'mediasoup-client';
import type { types } from 'mediasoup-client';
import { IceRecovery, RetriedDuplicate, retrying } from './iceRecovery.js';
import { LinkReporter } from './linkReport.js';
import { PRODUCE_OPTIONS } from './localMedia.js';
import { LocalTracks } from './LocalTracks.js';
import type { MediaSessionOptions, MediaStartContext, MediaState, RemoteTracks } from './MediaSessionTypes.js';
import type { IceServersReply, MediaSource, Notification, ProducerView } from './protocol.js';
import { errorMessage, RequestError } from './RequestError.js';
import { createSignalingTransport, plain, type Requester } from './signalingTransport.js';
import { SnapshotStore } from './SnapshotStore.js';

export type { MediaSessionOptions, MediaStartContext, MediaState, RemoteTracks, Requester };

interface ConsumerEntry {
  consumer: types.Consumer;
  producer: ProducerView;
  /** The server holds this video back for now (media.consumerHeld: last-N in a large hearing). */
  held?: boolean;
}

/** Thrown inside a start that a newer start or close() has overtaken. */
class Superseded extends Error {}

export class MediaSession extends SnapshotStore<MediaState> {
  readonly #request: Requester;
  readonly #receiveOnly: boolean;
  readonly #local: LocalTracks;
  #selfId = '';
  #forced = { audio: false, video: false };
  /** Bumped by every start/close; async steps of an older generation stop themselves. */
  #gen = 0;
  #device: Device | null = null;
  #send: types.Transport | null = null;
  #recv: types.Transport | null = null;
  readonly #producers = new Map<MediaSource, types.Producer>();
  readonly #consumers = new Map<string, ConsumerEntry>();
  /** Remote producers we should be consuming, by producer id. */
  readonly #known = new Map<string, ProducerView>();
  #inFlight = new Set<string>();
  /** ICE restart first, rebuild second, for as long as we live (iceRecovery.ts). */
  readonly #recovery: IceRecovery;
  /** The browser's own link figures for the bench (linkReport.ts), while media is up. */
  readonly #reporter: LinkReporter;
  #closed = false;
  /** TURN servers and policy for this start's transports (media.iceServers); refreshed before expiry. */
  #ice: IceServersReply | null = null;
  #iceRefresh: ReturnType<typeof setTimeout> | undefined;

  constructor(options: MediaSessionOptions) {
    super({
      status: 'idle',
      error: null,
      local: {},
      micOn: !options.receiveOnly,
      cameraOn: !options.receiveOnly,
      screenOn: false,
      remote: {},
    });
    // Timeouts and `unavailable` are retried with back-off until a newer start or close.
    this.#request = retrying(options.request, () => this.#gen);
    this.#recovery = new IceRecovery({
      request: options.request,
      rebuild: () => this.rebuild(),
      changed: (recovering) => {
        const { status } = this.getSnapshot();
        if (recovering && status !== 'closed') this.update({ status: 'reconnecting' });
        if (!recovering && status === 'reconnecting') this.update({ status: 'ready' });
      },
    });
    this.#receiveOnly = options.receiveOnly;
    this.#reporter = new LinkReporter({
      transport: () => {
        const transport = this.#send ?? this.#recv;
        if (!transport || transport.closed || this.getSnapshot().status !== 'ready') return null;
        return { transport, sending: transport === this.#send };
      },
      // Not retried: the next report comes in a few seconds anyway.
      send: (report) => options.request({ type: 'media.quality', ...report }),
    });
    this.#local = new LocalTracks(options.prefs, {
      onChange: (local) => this.update({ local, screenOn: !!local.screen }),
      onError: (source, error) => {
        console.warn(`[vcourt] cannot capture ${source}`, error);
        const off = source === 'mic' ? { micOn: false } : source === 'camera' ? { cameraOn: false } : {};
        this.update({ error: errorMessage(error), ...off });
      },
    });
  }

  get receiveOnly(): boolean {
    return this.#receiveOnly;
  }

  /** (Re)start media from scratch for the hearing described by `ctx`. */
  async start(ctx: MediaStartContext): Promise<void> {
    if (this.#closed) return;
    const gen = ++this.#gen;
    this.#teardown();
    this.#selfId = ctx.selfId;
    this.#forced = { ...ctx.forcedMute };
    this.#known.clear();
    for (const producer of ctx.producers) this.#remember(producer);
    this.update({ status: 'starting', error: null, micOn: this.#wants('mic'), cameraOn: this.#wants('camera') });
    if (!this.#receiveOnly) {
      // Open the devices while signaling runs: a faster join, and a self-view even if the server's
      // media is unavailable.
      void this.#local.ensure('mic');
      void this.#local.ensure('camera');
    }
    try {
      const { rtpCapabilities } = await this.#request({ type: 'media.getRouterRtpCapabilities' });
      this.#check(gen);
      // A fresh Device each time: after a media reset the router (and its codecs) may be new.
      const device = new Device();
      await device.load({ routerRtpCapabilities: rtpCapabilities as types.RtpCapabilities });
      this.#check(gen);
      this.#device = device;
      this.#ice = await this.#request({ type: 'media.iceServers' });
      this.#check(gen);
      this.#scheduleIceRefresh(gen);
      this.#recv = await this.#createTransport('recv', gen);
      for (const producer of this.#known.values()) void this.#consume(producer, gen);
      if (!this.#receiveOnly) {
        this.#send = await this.#createTransport('send', gen);
        await this.#produceLocal(gen);
      }
      this.update({ status: this.#recovery.recovering ? 'reconnecting' : 'ready' });
    } catch (error) {
      if (error instanceof Superseded) return;
      console.warn('[vcourt] media start failed', error);
      // Not admitted (any more): the join that admits us starts media again. Else never give up.
      const final = error instanceof RequestError && (error.code === 'forbidden' || error.code === 'unauthorized');
      this.update({ status: final ? 'failed' : 'reconnecting', error: errorMessage(error) });
      if (!final) this.#recovery.failed();
    }
  }

  /** Our producer ids by source (diagnostics: the same ids after an ICE restart). */
  ownProducerIds(): Partial<Record<MediaSource, string>> {
    return Object.fromEntries([...this.#producers].map(([source, producer]) => [source, producer.id]));
  }

  /** Close every transport and start again; `producers` replaces what we know when given. */
  rebuild(producers?: ProducerView[]): Promise<void> {
    return this.start({
      selfId: this.#selfId,
      producers: producers ?? [...this.#known.values()],
      forcedMute: this.#forced,
    });
  }

  /** Stop for good: transports, consumers and the local capture (camera light goes off). */
  close(): void {
    this.#closed = true;
    this.#gen++;
    this.#recovery.close();
    this.#reporter.stop();
    this.#teardown();
    this.#local.close();
    this.update({ status: 'closed' });
  }

  /** Media notifications, forwarded by HearingSession while we are in the hearing. */
  handleNotification(n: Notification): void {
    switch (n.type) {
      case 'media.producerAdded':
        if (n.producer.participantId === this.#selfId) return;
        this.#remember(n.producer);
        void this.#consume(n.producer, this.#gen);
        return;
      case 'media.producerClosed':
        this.#known.delete(n.producerId);
        for (const [consumerId, entry] of this.#consumers) {
          if (entry.producer.id === n.producerId) this.#dropConsumer(consumerId);
        }
        this.#dropOwnProducer(n.producerId);
        return;
      case 'media.consumerClosed':
        this.#dropConsumer(n.consumerId);
        return;
      case 'media.consumerHeld': {
        const entry = this.#consumers.get(n.consumerId);
        if (!entry || !!entry.held === n.held) return;
        entry.held = n.held;
        this.#publishRemote();
        return;
      }
      case 'media.producerPaused': {
        const known = this.#known.get(n.producerId);
        if (known) this.#known.set(n.producerId, { ...known, paused: n.paused });
        this.#syncOwnPause(n.producerId, n.paused);
        return;
      }
      default:
        return;
    }
  }

  /** The judge's mute, from our own participant view: stop sending and keep the toggle off. */
  setForcedMute(forced: { audio: boolean; video: boolean }): void {
    const before = this.#forced;
    this.#forced = { ...forced };
    if (forced.audio && !before.audio) void this.#pauseSource('mic', true).catch(() => {});
    if (forced.video && !before.video) void this.#pauseSource('camera', true).catch(() => {});
    this.update({ micOn: this.#wants('mic'), cameraOn: this.#wants('camera') });
  }

  async setMic(on: boolean): Promise<void> {
    if (this.#receiveOnly || (on && this.#forced.audio)) return;
    this.update({ micOn: on });
    await this.#pauseSource('mic', !on);
  }

  async setCamera(on: boolean): Promise<void> {
    if (this.#receiveOnly || (on && this.#forced.video)) return;
    this.update({ cameraOn: on });
    await this.#pauseSource('camera', !on);
  }

  async startScreenShare(): Promise<void> {
    if (this.#receiveOnly) return;
    const track = await this.#local.pickScreen(() => void this.stopScreenShare());
    if (!track || !this.#send) return; // not sending yet: start() produces it once ready
    try {
      await this.#produceTrack('screen', track, this.#gen);
    } catch (error) {
      if (error instanceof Superseded) return;
      this.update({ error: errorMessage(error) });
      await this.stopScreenShare();
    }
  }

  async stopScreenShare(): Promise<void> {
    const producer = this.#producers.get('screen');
    this.#producers.delete('screen');
    this.#local.stop('screen');
    if (producer && !producer.closed) {
      producer.close();
      await this.#request({ type: 'media.closeProducer', producerId: producer.id }).catch(() => {});
    }
  }

  // --- transports --------------------------------------------------------------------------------

  async #createTransport(direction: 'send' | 'recv', gen: number): Promise<types.Transport> {
    const params = await this.#request({ type: 'media.createTransport', direction });
    this.#check(gen);
    if (!this.#device) throw new Superseded();
    const transport = createSignalingTransport(this.#device, direction, params, this.#request, this.#ice ?? undefined);
    this.#recovery.watch(transport);
    return transport;
  }

  /** Close transports (which closes their producers and consumers); local tracks stay. */
  #teardown(): void {
    this.#send?.close();
    this.#recv?.close();
    this.#send = null;
    this.#recv = null;
    this.#recovery.forget();
    this.#device = null;
    clearTimeout(this.#iceRefresh);
    this.#ice = null;
    this.#producers.clear();
    this.#consumers.clear();
    this.#inFlight = new Set();
    this.update({ status: 'idle', remote: {}, held: {} });
  }

  /** TURN credentials expire: new ones reach both transports a while before (ICE restarts pick them up). */
  #scheduleIceRefresh(gen: number): void {
    clearTimeout(this.#iceRefresh);
    if (!this.#ice) return;
    const left = Date.parse(this.#ice.expiresAt) - Date.now();
    const delay = Math.max(10_000, Math.min(left - 5 * 60_000, left * 0.8));
    this.#iceRefresh = setTimeout(() => {
      if (gen !== this.#gen) return;
      this.#request({ type: 'media.iceServers' })
        .then(async (ice) => {
          if (gen !== this.#gen) return;
          this.#ice = ice;
          for (const t of [this.#send, this.#recv]) if (t && !t.closed) await t.updateIceServers({ iceServers: ice.iceServers });
          this.#scheduleIceRefresh(gen);
        })
        .catch((error: unknown) => {
          console.warn('[vcourt] cannot refresh TURN credentials', error);
          if (gen === this.#gen) this.#iceRefresh = setTimeout(() => this.#scheduleIceRefresh(gen), 30_000);
        });
    }, delay);
  }

  #check(gen: number): void {
    if (gen !== this.#gen) throw new Superseded();
  }

  // --- producing ---------------------------------------------------------------------------------

  #wants(source: 'mic' | 'camera'): boolean {
    if (this.#receiveOnly) return false;
    const state = this.getSnapshot();
    return source === 'mic' ? state.micOn && !this.#forced.audio : state.cameraOn && !this.#forced.video;
  }

  /** Produce whatever we have captured. One source failing (say, the camera) spares the others. */
  async #produceLocal(gen: number): Promise<void> {
    for (const source of ['mic', 'camera', 'screen'] as const) {
      const track = source === 'screen' ? this.#local.get('screen') : await this.#local.ensure(source);
      this.#check(gen);
      if (!track) continue;
      try {
        await this.#produceTrack(source, track, gen);
      } catch (error) {
        if (error instanceof Superseded) throw error;
        if (error instanceof RetriedDuplicate) this.#recovery.failed();
        console.warn(`[vcourt] cannot send ${source}`, error);
        this.update({ error: errorMessage(error) });
      }
    }
  }

  async #produceTrack(source: MediaSource, track: MediaStreamTrack, gen: number): Promise<void> {
    const transport = this.#send;
    if (!transport) return;
    // A paused producer disabled the track; a new producer must start from an enabled one.
    track.enabled = true;
    const producer = await transport.produce({
      track,
      stopTracks: false, // LocalTracks owns them: they outlive producers across rebuilds
      appData: { source },
      ...PRODUCE_OPTIONS[source],
    });
    if (gen !== this.#gen) {
      producer.close();
      throw new Superseded();
    }
    this.#producers.set(source, producer);
    producer.on('transportclose', () => {
      if (this.#producers.get(source) === producer) this.#producers.delete(source);
    });
    producer.on('trackended', () => {
      if (source === 'screen') void this.stopScreenShare();
    });
    if ((source === 'mic' || source === 'camera') && !this.#wants(source)) await this.#pauseSource(source, true);
  }

  async #pauseSource(source: 'mic' | 'camera', paused: boolean): Promise<void> {
    const producer = this.#producers.get(source);
    if (!producer) {
      // Turning on something we never managed to capture: try again now.
      if (!paused && this.#send) {
        const track = await this.#local.ensure(source);
        if (track) await this.#produceTrack(source, track, this.#gen).catch(() => {});
      }
      return;
    }
    if (paused) {
      producer.pause();
      await this.#request({ type: 'media.pauseProducer', producerId: producer.id });
    } else {
      await this.#request({ type: 'media.resumeProducer', producerId: producer.id });
      producer.resume();
    }
  }

  /** The server paused or resumed one of ours (e.g. the judge's mute): follow it locally. */
  #syncOwnPause(producerId: string, paused: boolean): void {
    for (const [source, producer] of this.#producers) {
      if (producer.id !== producerId || source === 'screen') continue;
      if (paused && !producer.paused) producer.pause();
      if (paused) this.update(source === 'mic' ? { micOn: false } : { cameraOn: false });
    }
  }

  #dropOwnProducer(producerId: string): void {
    for (const [source, producer] of this.#producers) {
      if (producer.id !== producerId) continue;
      producer.close();
      this.#producers.delete(source);
      if (source === 'screen') void this.stopScreenShare();
    }
  }

  // --- consuming ---------------------------------------------------------------------------------

  #remember(producer: ProducerView): void {
    if (producer.participantId !== this.#selfId) this.#known.set(producer.id, producer);
  }

  async #consume(producer: ProducerView, gen: number): Promise<void> {
    const transport = this.#recv;
    const device = this.#device;
    // Not ready yet: start() consumes everything in #known once the transport exists.
    if (!transport || !device || gen !== this.#gen) return;
    const inFlight = this.#inFlight;
    if (inFlight.has(producer.id) || [...this.#consumers.values()].some((e) => e.producer.id === producer.id)) return;
    inFlight.add(producer.id);
    try {
      const params = await this.#request({
        type: 'media.consume',
        transportId: transport.id,
        producerId: producer.id,
        rtpCapabilities: plain(device.rtpCapabilities),
      });
      this.#check(gen);
      const consumer = await transport.consume({
        id: params.id,
        producerId: params.producerId,
        kind: params.kind,
        rtpParameters: params.rtpParameters as types.RtpParameters,
      });
      if (gen !== this.#gen || !this.#known.has(producer.id)) {
        consumer.close(); // overtaken, or the producer closed while we were asking
        return;
      }
      this.#consumers.set(consumer.id, { consumer, producer: { ...producer, participantId: params.participantId } });
      consumer.on('transportclose', () => this.#dropConsumer(consumer.id));
      this.#publishRemote();
      // Servers create consumers paused so no packet is lost before we listen.
      await this.#request({ type: 'media.resumeConsumer', consumerId: consumer.id });
    } catch (error) {
      if (!(error instanceof Superseded)) console.warn('[vcourt] consume failed', producer.id, error);
      if (error instanceof RetriedDuplicate && gen === this.#gen) this.#recovery.failed();
    } finally {
      inFlight.delete(producer.id);
    }
  }

  #dropConsumer(consumerId: string): void {
    const entry = this.#consumers.get(consumerId);
    if (!entry) return;
    this.#consumers.delete(consumerId);
    if (!entry.consumer.closed) entry.consumer.close();
    this.#publishRemote();
  }

  #publishRemote(): void {
    const remote: RemoteTracks = {};
    const held: NonNullable<MediaState['held']> = {};
    for (const { consumer, producer, held: isHeld } of this.#consumers.values()) {
      (remote[producer.participantId] ??= {})[producer.source] = consumer.track;
      if (isHeld) (held[producer.participantId] ??= {})[producer.source] = true;
    }
    this.update({ remote, held });
  }
}
