// Reads what a page really receives, from RTCPeerConnection.getStats(): frames decoded and audio
// packets received, per remote participant (matched through the tiles' and audio elements' tracks).
import type { Page } from '@playwright/test';

/** Installed before any page script: remembers every RTCPeerConnection the page creates. */
export const TRACK_PEER_CONNECTIONS = () => {
  const Native = window.RTCPeerConnection;
  const all: RTCPeerConnection[] = [];
  (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs = all;
  window.RTCPeerConnection = class extends Native {
    constructor(config?: RTCConfiguration) {
      super(config);
      all.push(this);
    }
  } as typeof RTCPeerConnection;
};

export interface Received {
  /** Per remote participant id. */
  videoFramesDecoded: Record<string, number>;
  audioPacketsReceived: Record<string, number>;
}

export async function received(page: Page): Promise<Received> {
  return page.evaluate(async () => {
    const owner = new Map<string, string>();
    document.querySelectorAll<HTMLMediaElement>('[data-participant-id] video, audio[data-participant-id]').forEach((el) => {
      const pid = el.closest('[data-participant-id]')?.getAttribute('data-participant-id');
      const stream = el.srcObject as MediaStream | null;
      if (!pid || !stream) return;
      for (const t of stream.getTracks()) owner.set(t.id, pid);
    });
    const out = { videoFramesDecoded: {} as Record<string, number>, audioPacketsReceived: {} as Record<string, number> };
    for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs) {
      if (pc.connectionState === 'closed') continue;
      const stats = await pc.getStats();
      stats.forEach((s) => {
        if (s.type !== 'inbound-rtp') return;
        const pid = owner.get(s.trackIdentifier);
        if (!pid) return;
        if (s.kind === 'video') out.videoFramesDecoded[pid] = (out.videoFramesDecoded[pid] ?? 0) + (s.framesDecoded ?? 0);
        else out.audioPacketsReceived[pid] = (out.audioPacketsReceived[pid] ?? 0) + (s.packetsReceived ?? 0);
      });
    }
    return out;
  });
}
