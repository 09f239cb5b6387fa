// What one participant may hold in a hearing's media room, decided in HearingRoom before mediasoup
// is asked. Transports and producers have fixed shares (one send and one receive transport, one
// producer per source: mic, camera, screen); the rest are numbers a deployment may tune.

export interface MediaQuotas {
  /**
   * Consumers one participant may hold. Each consumes one producer once, so a real client needs
   * at most three per other participant (mic, camera, screen): 200 is a hearing of 60 or more.
   */
  consumersPerParticipant: number;
  /** Loopback RTP ingests of one participant (a camera pulled over RTSP uses two: video, audio). */
  plainTransportsPerParticipant: number;
}

export const DEFAULT_MEDIA_QUOTAS: MediaQuotas = {
  consumersPerParticipant: 200,
  plainTransportsPerParticipant: 4,
};
