// Wire schemas of the equipment check (the network probe before joining, and its report). Bounded:
// a figure outside what any network can show is refused, not stored.
import { z } from 'zod';

/** Plausible bounds: a minute of round trip, 0–100 % loss, 10 Gbit/s. */
export const NetworkFiguresSchema = z
  .object({
    connected: z.boolean(),
    rttMs: z.number().finite().min(0).max(60_000).nullable(),
    lossPct: z.number().finite().min(0).max(100).nullable(),
    uplinkKbps: z.number().finite().min(0).max(10_000_000).nullable(),
  })
  .strict();

/** What the client reports when the participant goes on (equipment.report). The grade is the server's to compute. */
export const EquipmentCheckReport = z
  .object({
    network: NetworkFiguresSchema.nullable(),
    micOk: z.boolean(),
    speakerOk: z.boolean().nullable(),
    camera: z.boolean(),
    /** The participant read the court's rules for an online hearing and undertook to keep them (the declaration). */
    rulesAccepted: z.boolean().optional(),
  })
  .strict();
export type EquipmentCheckReport = z.infer<typeof EquipmentCheckReport>;

/** probe.finish: what the server received on the probe transport before closing it. */
export interface ProbeServerStats {
  /** ICE connected/completed and DTLS connected when finishing. */
  connected: boolean;
  packetsReceived: number;
  packetsLost: number;
  /** Receive bitrate over the transport, kbit/s, as mediasoup measured it last. */
  recvKbps: number;
  /** Round trip from the SFU's side where RTCP gave one, ms. */
  rttMs: number | null;
}
