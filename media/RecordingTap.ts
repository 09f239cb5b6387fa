// The mediasoup side of capturing one producer for the record: a PlainTransport on loopback and a
// consumer whose RTP goes to an ffmpeg listening on rtpPort (RTCP on rtcpPort). The consumer starts
// paused so that nothing is sent before ffmpeg listens; the recorder resumes it. A PlainTransport
// connects only once, so every ffmpeg run gets a tap of its own.
import type { types } from 'mediasoup';
import type { Tap, TapCodec, TapEvents, TapTarget } from '../core/hearing/ports.js';
import { TypedEmitter } from '../core/lib/TypedEmitter.js';

/**
 * Capabilities offered to the recording consumer: the router's codecs without RTX (ffmpeg would
 * not understand retransmissions) and no header extensions (nothing on loopback needs
 * transport-cc, and without it mediasoup sends the best simulcast layer instead of estimating).
 */
function recordingCapabilities(router: types.Router): types.RtpCapabilities {
  return {
    codecs: (router.rtpCapabilities.codecs ?? []).filter((c) => !/\/rtx$/i.test(c.mimeType)),
    headerExtensions: [],
  };
}

export class RecordingTap extends TypedEmitter<TapEvents> implements Tap {
  #closed = false;
  #sealed = false;

  private constructor(
    private readonly transport: types.PlainTransport,
    private readonly consumer: types.Consumer,
    readonly codec: TapCodec,
  ) {
    super();
    consumer.on('producerpause', () => this.safeEmit('producerPaused', true));
    consumer.on('producerresume', () => this.safeEmit('producerPaused', false));
    consumer.observer.once('close', () => this.close());
  }

  static async open(router: types.Router, producerId: string, target: TapTarget): Promise<RecordingTap> {
    const transport = await router.createPlainTransport({
      listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
      rtcpMux: false,
      comedia: false,
      appData: { recording: producerId },
    });
    try {
      await transport.connect({ ip: target.ip, port: target.rtpPort, rtcpPort: target.rtcpPort });
      const consumer = await transport.consume({
        producerId,
        rtpCapabilities: recordingCapabilities(router),
        paused: true,
        appData: { recording: true },
      });
      const c = consumer.rtpParameters.codecs[0];
      if (!c) throw new Error(`the recording consumer of producer ${producerId} has no codec`);
      const codec: TapCodec = {
        kind: consumer.kind,
        mimeType: c.mimeType,
        payloadType: c.payloadType,
        clockRate: c.clockRate,
        channels: c.channels,
        parameters: { ...(c.parameters ?? {}) },
      };
      return new RecordingTap(transport, consumer, codec);
    } catch (error) {
      transport.close();
      throw error;
    }
  }

  get producerPaused(): boolean {
    return this.consumer.producerPaused;
  }

  get closed(): boolean {
    return this.#closed;
  }

  async resume(): Promise<void> {
    if (!this.#closed && !this.#sealed) await this.consumer.resume();
  }

  /**
   * Its producer's owner left the courtroom (MediaRooms.setRoom): not one more packet goes to
   * ffmpeg, whatever the recorder does next (it stops the run and closes the tap; a return to the
   * courtroom opens new taps). Synchronous from the caller's side: the pause is on its way to the worker.
   */
  seal(): void {
    if (this.#closed || this.#sealed) return;
    this.#sealed = true;
    this.consumer.pause().catch(() => undefined); // closed meanwhile: nothing flows either way
  }

  async requestKeyFrame(): Promise<void> {
    if (!this.#closed && this.consumer.kind === 'video') await this.consumer.requestKeyFrame();
  }

  async producerPackets(): Promise<number> {
    if (this.#closed) return 0;
    const stats = await this.consumer.getStats();
    return stats.filter((s) => s.type === 'inbound-rtp').reduce((sum, s) => sum + s.packetCount, 0);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (!this.transport.closed) this.transport.close();
    this.safeEmit('closed');
    this.removeAllListeners();
  }
}
