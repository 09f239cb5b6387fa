// Courtroom IP cameras through the real server: the camera simulator (GStreamer RTSP server) on
// loopback, registered at the courtroom through the HTTP API; the server pulls it with ffmpeg into
// the hearing's real mediasoup router. Pass-through vs transcode from a real probe; the camera
// unplugged → down for the judge, plugged back in → live again with a new producer, nobody acting.
import { afterEach, describe, expect, it } from 'vitest';
import { planIngest, QUICK_ANALYSIS, RTSP_INPUT_ARGS } from '../../ingest/IngestPlan.js';
import { MEDIA_CODECS } from '../../media/MediaConfig.js';
import { ffprobe } from '../../core/lib/ffmpeg.js';
import { CameraSimulator, type SimulatorCodec } from '../support/cameraSimulator.js';
import type { SiteView } from '../../core/protocol/model.js';
import { must } from '../support/must.js';
import {
  type CaseCreated,
  type DeviceRegistered,
  eventually,
  type HearingCreated,
  type HearingDetail,
  benchSeat,
} from '../support/server.js';
import { useTestServer } from '../support/useTestServer.js';

// The camera simulator listens on loopback: allowed here by name (the default allows only the
// private ranges; the server's own port stays refused).
const ctx = useTestServer({ cameraNetworks: ['127.0.0.1/32'] });
const sims: CameraSimulator[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.stop()));
});

async function simulator(codec: SimulatorCodec, audio = false) {
  const sim = await CameraSimulator.start({ codec, audio });
  sims.push(sim);
  return sim;
}

/** A courtroom with the camera registered, a hearing held there, and the judge in it. */
async function courtroomWithCamera(rtspUrl: string) {
  const { api } = ctx.server;
  const site = (await api<{ site: SiteView }>('POST', '/api/sites', { name: `Phòng xử án ${sims.length}`, kind: 'courtroom' })).body.site;
  const reg = await api<DeviceRegistered>('POST', `/api/sites/${site.id}/devices`, { kind: 'camera', name: 'Camera toàn cảnh', rtspUrl });
  expect(reg.status, JSON.stringify(reg.body)).toBe(201);
  const kase = await api<CaseCreated>('POST', '/api/cases', { number: `HS-${Math.random().toString(36).slice(2, 7)}`, title: 'Vụ án' });
  const created = await api<HearingCreated>('POST', '/api/hearings', {
    caseId: kase.body.case.id,
    title: 'Phiên sơ thẩm',
    scheduledAt: new Date().toISOString(),
    courtroomSiteId: site.id,
  });
  expect(created.status).toBe(201);
  const hearingId: string = created.body.hearing.id;
  const view = await api<HearingDetail>('GET', `/api/hearings/${hearingId}`);
  const camera = view.body.participants.find((p: { device: { id: string } | null }) => p.device?.id === reg.body.device.id);
  expect(camera).toBeTruthy();
  const judgeSeat = await benchSeat(ctx.server, hearingId, 'Thẩm phán');
  const judge = await ctx.join(judgeSeat.token);
  return { hearingId, cameraId: camera!.id, deviceId: reg.body.device.id, judge: judge.client };
}

async function packets(hearingId: string, participantId: string, producerId: string): Promise<number> {
  const room = ctx.server.running.media.existingRoom(hearingId);
  return room ? room.producerPackets(participantId, producerId) : 0;
}

describe('RTSP probe', () => {
  it.each([
    ['h264', 'copy', '42e0'],
    ['h264-high', 'transcode', '42e01f'],
    ['mjpeg', 'transcode', '42e01f'],
  ] as const)('the simulator in %s mode is planned as %s for the router', async (codec, mode, profile) => {
    const sim = await simulator(codec, true);
    const probe = await ffprobe(sim.url, { inputArgs: [...RTSP_INPUT_ARGS(5), ...QUICK_ANALYSIS], timeoutMs: 10_000 });
    const plan = planIngest(probe, MEDIA_CODECS);
    expect(plan.video?.mode).toBe(mode);
    expect(plan.video?.profileLevelId.startsWith(profile)).toBe(true);
    expect(plan.audio).toEqual({ mode: 'transcode', codec: 'pcm_alaw' });
  });

  it('an unreachable camera fails the probe instead of hanging', async () => {
    const sim = await simulator('h264');
    await sim.stop();
    await expect(ffprobe(sim.url, { inputArgs: RTSP_INPUT_ARGS(2), timeoutMs: 5000 })).rejects.toThrow(/ffprobe/);
  });
});

describe('a courtroom IP camera in a hearing', () => {
  it('goes live in the room, goes down when unplugged and comes back with a new producer by itself', async () => {
    const sim = await simulator('h264', true);
    const { hearingId, cameraId, judge } = await courtroomWithCamera(sim.url);
    const { cameras } = ctx.server.running;
    const ingest = cameras.ingest(cameraId)!;
    expect(ingest).toBeTruthy();

    const live = (after = 0) =>
      judge.waitFor('participant.updated', (n) => n.participant.id === cameraId && n.participant.device?.status === 'live', {
        after,
        timeoutMs: 20_000,
      });
    const first = await live().catch(async () => {
      // It may have gone live before the judge joined: the snapshot's view then says so.
      const view = await ctx.server.api<HearingDetail>('GET', `/api/hearings/${hearingId}`);
      return {
        participant: must(
          view.body.participants.find((p) => p.id === cameraId),
          'the camera participant',
        ),
      };
    });
    expect(first.participant.device?.status).toBe('live');
    expect(ingest.plan?.video?.mode).toBe('copy');

    const video = (await eventually(() => ingest.producers.find((p) => p.kind === 'video'), { timeoutMs: 10_000 }))!;
    expect(ingest.producers.map((p) => p.kind).sort()).toEqual(['audio', 'video']);
    expect(ctx.server.running.media.listProducers(hearingId).map((p) => p.id)).toContain(video.id);
    expect(ctx.server.running.service.isConnected(cameraId)).toBe(true);
    // RTP keeps arriving into the producer.
    const before = await packets(hearingId, cameraId, video.id);
    await eventually(async () => (await packets(hearingId, cameraId, video.id)) > before + 10, { timeoutMs: 5000 });

    // Unplugged: the judge sees it down, its producers close, it is no longer connected.
    let mark = judge.mark();
    await sim.stop();
    const down = await judge.waitFor(
      'participant.updated',
      (n) => n.participant.id === cameraId && n.participant.device?.status === 'down' && !n.participant.connected,
      {
        after: mark,
        timeoutMs: 15_000,
      },
    );
    expect(down.participant.device?.status).toBe('down');
    await judge.waitFor('media.producerClosed', (n) => n.producerId === video.id, { after: mark, timeoutMs: 5000 });
    expect(ingest.producers).toEqual([]);

    // Plugged back in: live again with a new producer, nobody acting.
    mark = judge.mark();
    await sim.restart();
    const again = await live(mark);
    expect(again.participant.connected).toBe(true);
    const newVideo = (await eventually(() => ingest.producers.find((p) => p.kind === 'video'), { timeoutMs: 10_000 }))!;
    expect(newVideo.id).not.toBe(video.id);
    // The judge's client is told about the new producer (and so consumes it).
    await judge.waitFor('media.producerAdded', (n) => n.producer.id === newVideo.id, { after: mark, timeoutMs: 5000 });
    await eventually(async () => (await packets(hearingId, cameraId, newVideo.id)) > 10, { timeoutMs: 10_000 });
  });

  it('a High-profile camera is transcoded into the router; revoking the device stops the pull', async () => {
    const sim = await simulator('h264-high');
    const { hearingId, cameraId, deviceId } = await courtroomWithCamera(sim.url);
    const { cameras } = ctx.server.running;
    const ingest = cameras.ingest(cameraId)!;
    await eventually(() => ingest.status === 'live', { timeoutMs: 20_000 });
    expect(ingest.plan?.video).toMatchObject({ mode: 'transcode', profileLevelId: '42e01f' });
    expect(ingest.plan?.audio).toBeNull();
    const video = ingest.producers.find((p) => p.kind === 'video')!;
    await eventually(async () => (await packets(hearingId, cameraId, video.id)) > 20, { timeoutMs: 10_000 });
    const pid = ingest.ffmpegPid!;
    expect(pid).toBeGreaterThan(0);

    const revoked = await ctx.server.api('POST', `/api/devices/${deviceId}/revoke`);
    expect(revoked.status).toBe(200);
    await eventually(() => cameras.ingest(cameraId) === undefined && ingest.closed, { timeoutMs: 5000 });
    await eventually(() => !ctx.server.running.media.listProducers(hearingId).some((p) => p.participantId === cameraId), {
      timeoutMs: 5000,
    });
    // ffmpeg is gone (signal 0 probes a pid without touching it).
    await eventually(
      () => {
        try {
          process.kill(pid, 0);
          return false;
        } catch {
          return true;
        }
      },
      { timeoutMs: 5000 },
    );
  });
});
