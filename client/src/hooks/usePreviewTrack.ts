// The equipment check's own capture of one device (microphone or camera). Each kind has its own
// hook instance so switching the microphone does not blink the camera preview. The track is
// stopped when the device changes or the page moves on.
import { useEffect, useState } from 'react';
import { captureTrack } from '../core/localMedia.js';
import { errorMessage } from '../core/RequestError.js';

export interface PreviewTrack {
  track: MediaStreamTrack | null;
  error: string | null;
  /** The capture has succeeded or failed (not still waiting on the browser). */
  settled: boolean;
}

const PENDING: PreviewTrack = { track: null, error: null, settled: false };

export function usePreviewTrack(kind: 'audio' | 'video', deviceId: string | null, enabled = true): PreviewTrack {
  const [preview, setPreview] = useState<PreviewTrack>(PENDING);
  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    let owned: MediaStreamTrack | null = null;
    setPreview(PENDING);
    captureTrack(kind, deviceId).then(
      (track) => {
        if (cancelled) {
          track.stop(); // StrictMode re-run or a quick device switch overtook us
          return;
        }
        owned = track;
        setPreview({ track, error: null, settled: true });
      },
      (error: unknown) => {
        if (!cancelled) setPreview({ track: null, error: errorMessage(error), settled: true });
      },
    );
    return () => {
      cancelled = true;
      owned?.stop();
    };
  }, [kind, deviceId, enabled]);
  return preview;
}
