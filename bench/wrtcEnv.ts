// Runs the courtroom client's framework-free core (client/src/core: HearingSession, MediaSession,
// mediasoup-client) in Node: @roamhq/wrtc (libwebrtc, prebuilt binary shipped in its npm
// package) supplies RTCPeerConnection and MediaStream, and a synthetic camera stands in for
// getUserMedia. Import this before anything from client/src/core.
import { createRequire } from 'node:module';

/**
 * What is used here of @roamhq/wrtc, a CommonJS native addon. Declared here rather than taken from
 * the package's declarations, which type a frame's data as Uint8Array (the addon documents
 * Uint8ClampedArray) and leave RTCVideoSink.onframe untyped.
 */
interface Wrtc {
  RTCPeerConnection: typeof RTCPeerConnection;
  RTCSessionDescription: typeof RTCSessionDescription;
  RTCIceCandidate: typeof RTCIceCandidate;
  MediaStream: typeof MediaStream;
  MediaStreamTrack: typeof MediaStreamTrack;
  nonstandard: {
    RTCAudioSource: new () => {
      createTrack(): MediaStreamTrack;
      onData(data: { samples: Int16Array; sampleRate: number; channelCount: number; numberOfFrames: number }): void;
    };
    RTCVideoSource: new () => {
      createTrack(): MediaStreamTrack;
      onFrame(frame: { width: number; height: number; data: Uint8ClampedArray }): void;
    };
    RTCVideoSink: new (track: MediaStreamTrack) => { stop(): void; onframe: (() => void) | null };
  };
}

export const wrtc = createRequire(import.meta.url)('@roamhq/wrtc') as Wrtc;

const WIDTH = 640;
const HEIGHT = 360;
const FPS = 15;

/** A camera track whose frames are drawn here: an I420 picture with a moving bar. */
function syntheticCamera(): MediaStreamTrack {
  const source = new wrtc.nonstandard.RTCVideoSource();
  const track = source.createTrack();
  const data = new Uint8ClampedArray(WIDTH * HEIGHT * 1.5).fill(128);
  let n = 0;
  const timer = setInterval(() => {
    if (track.readyState === 'ended') return clearInterval(timer);
    const x = (n++ * 8) % WIDTH;
    for (let y = 0; y < HEIGHT; y++)
      data.fill(y % 2 ? 235 : 16, y * WIDTH, y * WIDTH + WIDTH).fill(16 + (n % 200), y * WIDTH + x, y * WIDTH + Math.min(WIDTH, x + 40));
    source.onFrame({ width: WIDTH, height: HEIGHT, data });
  }, 1000 / FPS);
  timer.unref();
  return track;
}

const RATE = 48_000;
/** Live synthetic microphones, fed 10 ms of a quiet 440 Hz tone each by one shared timer. */
const microphones = new Set<{ source: InstanceType<Wrtc['nonstandard']['RTCAudioSource']>; track: MediaStreamTrack }>();
const tone = Int16Array.from({ length: RATE / 100 }, (_, i) => Math.round(3000 * Math.sin((2 * Math.PI * 440 * i) / RATE)));
let micTimer: ReturnType<typeof setInterval> | undefined;

function syntheticMicrophone(): MediaStreamTrack {
  const source = new wrtc.nonstandard.RTCAudioSource();
  const track = source.createTrack();
  microphones.add({ source, track });
  micTimer ??= setInterval(() => {
    for (const m of microphones) {
      if (m.track.readyState === 'ended') microphones.delete(m);
      else m.source.onData({ samples: tone, sampleRate: RATE, channelCount: 1, numberOfFrames: tone.length });
    }
  }, 10);
  micTimer.unref();
  return track;
}

let cameras = true;
let mics = false;
/** Whether sessions that start media from now on find a camera. */
export function setBotCamera(on: boolean): void {
  cameras = on;
}
/** Whether they find a microphone (a synthetic tone; off by default: bench/join-bots.ts's bots are watched, not heard). */
export function setBotMicrophone(on: boolean): void {
  mics = on;
}

globalThis.RTCPeerConnection = wrtc.RTCPeerConnection;
globalThis.RTCSessionDescription = wrtc.RTCSessionDescription;
globalThis.RTCIceCandidate = wrtc.RTCIceCandidate;
globalThis.MediaStream = wrtc.MediaStream;
globalThis.MediaStreamTrack = wrtc.MediaStreamTrack;
// mediasoup-client picks its handler from the user agent: libwebrtc behaves as Chrome's does.
Object.defineProperty(globalThis, 'navigator', {
  configurable: true,
  value: {
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
    mediaDevices: {
      async getUserMedia(c: MediaStreamConstraints) {
        // Without a device the client carries on without that source.
        if (c.audio ? !mics : !cameras) throw Object.assign(new Error('no such device in a bot'), { name: 'NotFoundError' });
        return new wrtc.MediaStream([c.audio ? syntheticMicrophone() : syntheticCamera()]);
      },
    },
  },
});

/** Resolves at the first decoded frame of a remote video track. */
export function firstDecodedFrame(track: MediaStreamTrack): Promise<void> {
  return new Promise((resolve) => {
    const sink = new wrtc.nonstandard.RTCVideoSink(track);
    sink.onframe = () => {
      sink.stop();
      resolve();
    };
  });
}
