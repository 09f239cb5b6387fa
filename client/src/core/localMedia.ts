// Capturing local media and how we encode it. Shared by the equipment check (preview) and
// MediaSession (what is actually sent), so what the participant tested is what the court gets.
import type { types } from 'mediasoup-client';
import type { MediaSource } from './protocol.js';

/** The devices picked on the equipment check; null means the browser's default. */
export interface DevicePrefs {
  audioDeviceId: string | null;
  videoDeviceId: string | null;
}

export const DEFAULT_PREFS: DevicePrefs = { audioDeviceId: null, videoDeviceId: null };

export function audioConstraints(deviceId: string | null): MediaTrackConstraints {
  return {
    ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
    echoCancellation: true,
    noiseSuppression: true,
    autoGainControl: true,
  };
}

export function videoConstraints(deviceId: string | null): MediaTrackConstraints {
  return {
    ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
    width: { ideal: 1280 },
    height: { ideal: 720 },
    frameRate: { ideal: 30, max: 30 },
  };
}

/**
 * One microphone or camera track. A remembered device that has gone away (unplugged, renamed)
 * falls back to the default device rather than leaving the participant without media.
 */
export async function captureTrack(kind: 'audio' | 'video', deviceId: string | null): Promise<MediaStreamTrack> {
  const constraintsFor = (id: string | null): MediaStreamConstraints =>
    kind === 'audio' ? { audio: audioConstraints(id) } : { video: videoConstraints(id) };
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia(constraintsFor(deviceId));
  } catch (error) {
    if (!deviceId || !isDeviceGone(error)) throw error;
    stream = await navigator.mediaDevices.getUserMedia(constraintsFor(null));
  }
  const [track] = kind === 'audio' ? stream.getAudioTracks() : stream.getVideoTracks();
  if (!track) throw new Error(`no ${kind} track`);
  return track;
}

function isDeviceGone(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return name === 'OverconstrainedError' || name === 'NotFoundError';
}

export async function captureScreen(): Promise<MediaStreamTrack> {
  const stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 15, max: 30 } }, audio: false });
  const [track] = stream.getVideoTracks();
  if (!track) throw new Error('no screen track');
  // Documents and evidence: keep text sharp rather than motion smooth.
  track.contentHint = 'detail';
  return track;
}

/** Three simulcast layers so the server can send small tiles a small stream. */
export const CAMERA_ENCODINGS: RTCRtpEncodingParameters[] = [
  { scaleResolutionDownBy: 4, maxBitrate: 100_000 },
  { scaleResolutionDownBy: 2, maxBitrate: 300_000 },
  { scaleResolutionDownBy: 1, maxBitrate: 900_000 },
];

/** Screen shares are one high-quality layer: legibility matters more than adaptivity. */
export const SCREEN_ENCODINGS: RTCRtpEncodingParameters[] = [{ maxBitrate: 1_500_000 }];

/** How each source is sent (mediasoup-client produce() options). */
export const PRODUCE_OPTIONS: Record<MediaSource, Pick<types.ProducerOptions, 'encodings' | 'codecOptions'>> = {
  mic: { codecOptions: { opusStereo: false, opusDtx: true, opusFec: true } },
  camera: { encodings: CAMERA_ENCODINGS, codecOptions: { videoGoogleStartBitrate: 1000 } },
  screen: { encodings: SCREEN_ENCODINGS },
};

export const TRACK_KIND: Record<MediaSource, 'audio' | 'video'> = { mic: 'audio', camera: 'video', screen: 'video' };
