// Settings of the SFU, filled from the environment by server/config.ts.
import type { types } from 'mediasoup';
import type { MediaQuotas } from './MediaQuotas.js';

export interface MediaConfig {
  /** mediasoup workers to run; one per core is the usual choice. */
  workers: number;
  /** Address the WebRTC transports bind to. */
  listenIp: string;
  /** Address put in ICE candidates when clients reach the server through NAT or a public IP. */
  announcedAddress?: string;
  minPort: number;
  maxPort: number;
  logLevel: types.WorkerLogLevel;
  /** Bitrate a new transport assumes before estimates arrive (bps). */
  initialAvailableOutgoingBitrate: number;
  /** What one participant may hold; DEFAULT_MEDIA_QUOTAS where not given. */
  quotas?: Partial<MediaQuotas>;
  /**
   * Large hearings (LastN.ts): each receiver gets this many recent active speakers at the high
   * layer besides the pinned (the presiding judge, screen shares); 0 or absent: off, all forwarded.
   */
  lastN?: number;
  /** With last-N on: how many more videos each receiver gets at the lowest layer; the rest pause. */
  thumbnails?: number;
  /**
   * Cascade (RouterTree.ts): receive-only participants go to edge routers on other workers once
   * the hearing's origin router holds this many receivers; 0: never. Default 50.
   */
  edgeAfter?: number;
  /** Edge routers one hearing may open; default workers - 1 (every other worker). */
  maxEdges?: number;
}

export const MEDIA_CODECS: types.RouterRtpCodecCapability[] = [
  { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 },
  { kind: 'video', mimeType: 'video/VP8', clockRate: 90000, parameters: { 'x-google-start-bitrate': 800 } },
  {
    kind: 'video',
    mimeType: 'video/H264',
    clockRate: 90000,
    parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f', 'level-asymmetry-allowed': 1 },
  },
];
