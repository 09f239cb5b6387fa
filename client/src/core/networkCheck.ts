// The equipment check's network probe, free of any UI framework. Before joining, it opens the
// participant's own signaling socket (the invitation authenticates it; `join` is never sent), sends
// the previewed camera and microphone for a few seconds over a send transport made as the hearing's
// are (same server addresses, same TURN servers and policy, same encodings) to a probe router that is
// not the hearing's, reads the browser's and the server's statistics, and grades them
// (networkGrade.ts). The report goes over the same socket when the participant goes on.
import { Device, type types } from 'mediasoup-client';
import { io, type Socket } from 'socket.io-client';
import type { EquipmentCheckReport, ProbeServerStats } from '../../../core/protocol/equipmentCheck.js';
import {
  gradeNetwork,
  type EquipmentCheckView,
  type NetworkFigures,
  type NetworkGrade,
  type WeakReason,
} from '../../../core/protocol/networkGrade.js';
import { PRODUCE_OPTIONS } from './localMedia.js';
import { REQUEST_EVENT, SOCKET_PATH, type ErrorBody, type Reply, type Request, type ResponseMap } from './protocol.js';
import { NodeRedirects } from './nodeRedirect.js';
import { RequestError } from './RequestError.js';
import { readSample, summarize, type StatsSample } from './networkStats.js';
import { plain } from './signalingTransport.js';

/** Long enough for the bandwidth estimate to ramp up and loss to show, short enough not to keep people waiting. */
export const MEASURE_MS = 4_000;
const SAMPLE_MS = 1_000;
/** ICE and DTLS normally take well under a second; TURN over TCP/TLS a few. Past this: cannot connect. */
const CONNECT_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 10_000;

export interface NetworkCheckResult {
  figures: NetworkFigures;
  grade: NetworkGrade;
  reasons: WeakReason[];
  server: ProbeServerStats | null;
  /** How long the check took, start to verdict (ms). */
  tookMs: number;
}

interface ServerToClient {
  notification: (n: unknown) => void;
}
interface ClientToServer {
  request: (msg: Request, ack: (reply: Reply) => void) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class NetworkCheck {
  #socket: Socket<ServerToClient, ClientToServer>;
  readonly #token: string;
  /** Several nodes: the probe goes to the node that serves the hearing, as the session will. */
  readonly #redirects: NodeRedirects;
  /** Called when a `moved` replaced the socket, so a wait for the connection follows the new one. */
  #onMoved: (() => void) | undefined;
  #closed = false;
  /** What a run holds (its transport, its track clones), released at once by close(): the camera light goes off as the page moves on. */
  readonly #held = new Set<{ close(): void }>();

  constructor(token: string, url: string = location.origin) {
    this.#token = token;
    this.#redirects = new NodeRedirects(url);
    this.#socket = this.#open(url);
  }

  #open(url: string): Socket<ServerToClient, ClientToServer> {
    const socket: Socket<ServerToClient, ClientToServer> = io(url, {
      path: SOCKET_PATH,
      auth: { token: this.#token },
      transports: ['websocket'],
      reconnection: false,
    });
    socket.on('connect_error', (e) => {
      const next = this.#closed ? null : this.#redirects.follow((e as { data?: Partial<ErrorBody> }).data);
      if (!next) return;
      socket.removeAllListeners();
      socket.disconnect();
      this.#socket = this.#open(next);
      this.#onMoved?.();
    });
    return socket;
  }

  #request<R extends Request>(msg: R): Promise<ResponseMap[R['type']]> {
    return new Promise((resolve, reject) => {
      this.#socket.timeout(REQUEST_TIMEOUT_MS).emit(REQUEST_EVENT, msg, (error: Error | null, reply: Reply) => {
        if (error) reject(new RequestError('timeout', `${msg.type}: no reply`));
        else if (reply.ok) resolve(reply.data as ResponseMap[R['type']]);
        else reject(new RequestError(reply.error.code, reply.error.message, reply.error.details));
      });
    });
  }

  #connected(): Promise<void> {
    if (this.#socket.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new RequestError('timeout', 'signaling did not connect')), CONNECT_TIMEOUT_MS);
      const wait = () => {
        const socket = this.#socket;
        if (socket.connected) return (clearTimeout(timer), resolve());
        socket.once('connect', () => (clearTimeout(timer), resolve()));
        socket.once('connect_error', (e) => {
          if (this.#socket !== socket) return; // moved: `wait` runs again on the new socket
          clearTimeout(timer);
          reject(new RequestError('network', e.message));
        });
      };
      this.#onMoved = wait;
      wait();
    });
  }

  /**
   * Runs the probe with clones of `tracks` (the preview keeps its own). Resolves with a verdict even
   * when nothing connects (`cannot_connect`); rejects only when closed meanwhile.
   */
  async run(tracks: MediaStreamTrack[], measureMs = MEASURE_MS): Promise<NetworkCheckResult> {
    const started = performance.now();
    const clones = tracks.filter((t) => t.readyState === 'live').map((t) => t.clone());
    let transport: types.Transport | null = null;
    const release = {
      close: () => {
        transport?.close();
        for (const track of clones) track.stop();
      },
    };
    this.#held.add(release);
    const samples: StatsSample[] = [];
    let server: ProbeServerStats | null = null;
    try {
      await this.#connected();
      const start = await this.#request({ type: 'probe.start' });
      const device = new Device();
      await device.load({ routerRtpCapabilities: start.rtpCapabilities as types.RtpCapabilities });
      const t = device.createSendTransport({
        id: start.transport.id,
        iceParameters: start.transport.iceParameters as types.IceParameters,
        iceCandidates: start.transport.iceCandidates as types.IceCandidate[],
        dtlsParameters: start.transport.dtlsParameters as types.DtlsParameters,
        iceServers: start.iceServers,
        iceTransportPolicy: start.iceTransportPolicy,
      });
      transport = t;
      t.on('connect', ({ dtlsParameters }, callback, errback) => {
        this.#request({ type: 'probe.connect', transportId: t.id, dtlsParameters: plain(dtlsParameters) }).then(() => callback(), errback);
      });
      t.on('produce', ({ kind, rtpParameters }, callback, errback) => {
        this.#request({ type: 'probe.produce', transportId: t.id, kind, rtpParameters: plain(rtpParameters) }).then(
          ({ producerId }) => callback({ id: producerId }),
          errback,
        );
      });
      // Nothing captured (no camera, no microphone): a drawn picture still tests the path.
      if (clones.length === 0) clones.push(drawnTrack());
      for (const track of clones) {
        const source = track.kind === 'audio' ? 'mic' : 'camera';
        await t.produce({ track, stopTracks: false, ...PRODUCE_OPTIONS[source] });
      }
      if (await this.#connectedWithin(t, CONNECT_TIMEOUT_MS)) {
        for (let waited = 0; waited <= measureMs && !this.#closed; waited += SAMPLE_MS) {
          samples.push(readSample(await t.getStats()));
          if (waited < measureMs) await sleep(SAMPLE_MS);
        }
      }
      if (this.#closed) throw new RequestError('disconnected', 'the check was closed');
      server = await this.#request({ type: 'probe.finish' });
    } catch (error) {
      if (this.#closed) throw error;
      console.warn('[vcourt] network check failed', error);
    } finally {
      this.#held.delete(release);
      release.close();
    }
    const figures = summarize(samples, server);
    return { figures, ...gradeNetwork(figures), server, tookMs: Math.round(performance.now() - started) };
  }

  /** Waits for the transport's connection, bounded; false when it fails or takes too long. */
  async #connectedWithin(t: types.Transport, ms: number): Promise<boolean> {
    const deadline = performance.now() + ms;
    while (performance.now() < deadline && !this.#closed) {
      if (t.connectionState === 'connected') return true;
      if (t.connectionState === 'failed' || t.connectionState === 'closed') return false;
      await sleep(100);
    }
    return false;
  }

  /** The check's result for the bench and the record; the server grades the figures again. */
  async report(report: EquipmentCheckReport): Promise<EquipmentCheckView> {
    await this.#connected();
    return (await this.#request({ type: 'equipment.report', report })).check;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const held of this.#held) held.close();
    this.#held.clear();
    this.#socket.removeAllListeners();
    this.#socket.disconnect();
  }
}

/** A small moving picture from a canvas, for a participant with no camera and no microphone. */
function drawnTrack(): MediaStreamTrack {
  const canvas = document.createElement('canvas');
  canvas.width = 320;
  canvas.height = 180;
  const ctx = canvas.getContext('2d');
  const stream = canvas.captureStream(15);
  let frame = 0;
  const timer = setInterval(() => {
    if (!ctx) return;
    ctx.fillStyle = `hsl(${(frame++ * 7) % 360} 60% 50%)`;
    ctx.fillRect(0, 0, canvas.width, canvas.height);
  }, 66);
  const [track] = stream.getVideoTracks();
  track!.addEventListener('ended', () => clearInterval(timer));
  const stop = track!.stop.bind(track);
  track!.stop = () => (clearInterval(timer), stop());
  return track!;
}
