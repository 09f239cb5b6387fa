// The equipment check's requests (handlers.ts routes them here): the network probe, guarded by the
// domain (a participant whose link is good, hearing not ended; no admission needed: it runs before
// joining), and the report. The probe's transport gets the same ICE servers and policy the hearing's
// transports will (media.iceServers), so it tests the path the hearing will use, TURN included.
import type { HearingService } from '../../core/hearing/HearingService.js';
import type { MediaRoomPort, ProbePort } from '../../core/hearing/ports.js';
import type { ParticipantRef } from '../../core/hearing/types.js';
import { UnavailableError } from '../../core/hearing/errors.js';
import type { EquipmentCheckReport, ProbeServerStats } from '../../core/protocol/equipmentCheck.js';
import type { EquipmentCheckView } from '../../core/protocol/networkGrade.js';
import type { IceServersReply, ProbeStartReply, RequestOf } from '../../core/protocol/signaling.js';

/** What the probe's handlers need of HandlerContext (structurally, so handlers.ts imports this file and not the reverse). */
export interface ProbeContext {
  ref: ParticipantRef;
  service: HearingService;
  media: MediaRoomPort;
  iceServers?: { forParticipant(participantId: string): Promise<IceServersReply> };
}

const done = {} as Record<string, never>;

async function probes({ service, media, ref }: ProbeContext): Promise<ProbePort> {
  await service.ensureMayCheck(ref);
  if (!media.probes) throw new UnavailableError('This server offers no network check');
  return media.probes;
}

export async function probeStart(ctx: ProbeContext): Promise<ProbeStartReply> {
  const port = await probes(ctx);
  const started = await port.start(ctx.ref.participantId);
  const ice = (await ctx.iceServers?.forParticipant(ctx.ref.participantId)) ?? {
    iceServers: [],
    iceTransportPolicy: 'all' as const,
    expiresAt: new Date(Date.now() + started.maxDurationMs).toISOString(),
  };
  return { ...started, ...ice };
}

export async function probeConnect(ctx: ProbeContext, m: RequestOf<'probe.connect'>): Promise<Record<string, never>> {
  await (await probes(ctx)).connect(ctx.ref.participantId, m.transportId, m.dtlsParameters);
  return done;
}

export async function probeProduce(ctx: ProbeContext, m: RequestOf<'probe.produce'>): Promise<{ producerId: string }> {
  return (await probes(ctx)).produce(ctx.ref.participantId, { transportId: m.transportId, kind: m.kind, rtpParameters: m.rtpParameters });
}

export async function probeFinish(ctx: ProbeContext): Promise<ProbeServerStats> {
  return (await probes(ctx)).finish(ctx.ref.participantId);
}

export async function equipmentReport(ctx: ProbeContext, report: EquipmentCheckReport): Promise<{ check: EquipmentCheckView }> {
  return { check: await ctx.service.recordCheck(ctx.ref, report) };
}
