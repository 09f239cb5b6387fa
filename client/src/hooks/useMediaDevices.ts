// Cameras and microphones for the equipment check's selects. Labels only appear once the page
// has capture permission, so callers bump `refreshKey` after a successful capture.
import { useEffect, useState } from 'react';

export interface MediaDevicesList {
  audioInputs: MediaDeviceInfo[];
  videoInputs: MediaDeviceInfo[];
}

export function useMediaDevices(refreshKey: unknown): MediaDevicesList {
  const [devices, setDevices] = useState<MediaDevicesList>({ audioInputs: [], videoInputs: [] });
  useEffect(() => {
    const mediaDevices = navigator.mediaDevices;
    if (!mediaDevices?.enumerateDevices) return;
    let cancelled = false;
    const refresh = () => {
      mediaDevices.enumerateDevices().then(
        (all) => {
          if (cancelled) return;
          // Without permission the browser lists placeholder devices with empty ids: skip them.
          const usable = all.filter((d) => d.deviceId !== '');
          setDevices({
            audioInputs: usable.filter((d) => d.kind === 'audioinput'),
            videoInputs: usable.filter((d) => d.kind === 'videoinput'),
          });
        },
        () => {},
      );
    };
    refresh();
    mediaDevices.addEventListener('devicechange', refresh);
    return () => {
      cancelled = true;
      mediaDevices.removeEventListener('devicechange', refresh);
    };
  }, [refreshKey]);
  return devices;
}
