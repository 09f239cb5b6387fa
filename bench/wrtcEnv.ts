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

let cameras = true;
/** Whether sessions that start media from now on find a camera. */
export function setBotCamera(on: boolean): void {
  cameras = on;
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
        // No microphone: bots are watched, not heard (the client carries on without a mic).
        if (c.audio || !cameras) throw Object.assign(new Error('no such device in a bot'), { name: 'NotFoundError' });
        return new wrtc.MediaStream([syntheticCamera()]);
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
