// The shapes MediaSession shares with the rest of the client (tiles, components, HearingSession).
import type { DevicePrefs } from './localMedia.js';
import type { LocalTrackMap } from './LocalTracks.js';
import type { MediaSource, ProducerView } from './protocol.js';
import type { Requester } from './signalingTransport.js';

/** Remote tracks by participant id, then by source. */
export type RemoteTracks = Record<string, Partial<Record<MediaSource, MediaStreamTrack>>>;

export interface MediaState {
  /** reconnecting: media was lost and is being brought back (ICE restart, then rebuild), with no end while admitted. */
  status: 'idle' | 'starting' | 'ready' | 'reconnecting' | 'failed' | 'closed';
  /** Last media problem worth showing (start failure, device not available…). */
  error: string | null;
  local: LocalTrackMap;
  micOn: boolean;
  cameraOn: boolean;
  screenOn: boolean;
  remote: RemoteTracks;
  /**
   * Remote videos the server holds back to save bandwidth in a large hearing (last-N, media/LastN.ts),
   * by participant and source: their track would show a frozen frame. Absent: none held.
   */
  held?: Record<string, Partial<Record<MediaSource, boolean>>>;
}

export interface MediaSessionOptions {
  request: Requester;
  /** Observers only watch: they never capture nor produce. */
  receiveOnly: boolean;
  prefs: DevicePrefs;
}

export interface MediaStartContext {
  selfId: string;
  /** Producers that exist now (from the join snapshot); ours are skipped. */
  producers: ProducerView[];
  forcedMute: { audio: boolean; video: boolean };
}
