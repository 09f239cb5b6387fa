// No one participant or encoder can hurt the court's media (the security issue's quotas): a
// defendant who opens transports, producers and consumers by the dozen is refused past their share
// (quota_exceeded) while a judge in another hearing keeps working; a WHIP offer with 300 m-lines
// or a malformed fingerprint is a 400 that creates nothing; a 20,000-deep rtpParameters is
// invalid_input before mediasoup sees it; an exhausted port range is `unavailable` with the staff
// alerted, not `internal`. Real server, real mediasoup worker.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DomainError } from '../../core/hearing/errors.js';
import type { MediaEvent } from '../../core/hearing/ports.js';
import type { ParticipantView, SiteView } from '../../core/protocol/model.js';
import type { Reply, TransportParams } from '../../core/protocol/signaling.js';
import { MediaRooms } from '../../media/MediaRooms.js';
import { WorkerPool } from '../../media/WorkerPool.js';
import { offerWithSections } from '../support/abusiveSdp.js';
import { must } from '../support/must.js';
import { deepJson, rawRequest } from '../support/rawRequest.js';
import {
  type ApiError,
  type CaseCreated,
  createHearing,
  type DeviceRegistered,
  eventually,
  type HearingCreated,
  type HearingDetail,
  OPUS_RTP_PARAMETERS,
  type TestClient,
} from '../support/server.js';
import { useTestServer } from '../support/useTestServer.js';

const ctx = useTestServer();

const VP8 = (ssrc: number) => ({
  mid: String(ssrc),
  codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000, rtcpFeedback: [] }],
  headerExtensions: [],
  encodings: [{ ssrc }],
  rtcp: { cname: 'abuse', reducedSize: true },
});
const OPUS = (ssrc: number) => ({ ...OPUS_RTP_PARAMETERS, mid: String(ssrc), encodings: [{ ssrc }] });

/** A hearing with its judge in and the given parties admitted. */
async function hearingWith<R extends 'defendant' | 'witness'>(parties: R[]) {
  const { hearing, seats } = await createHearing(ctx.server, ['judge', ...parties]);
  const judge = (await ctx.join(seats.judge.token)).client;
  const clients = {} as Record<R, TestClient>;
  for (const role of parties) {
    clients[role] = (await ctx.join(seats[role].token)).client;
    await judge.ok({ type: 'lobby.admit', participantId: seats[role].participant.id });
  }
  return { hearing, seats, judge, ...clients };
}

/** Replies by code ('ok' for a success). */
function tally(replies: Reply[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of replies) counts[r.ok ? 'ok' : r.error.code] = (counts[r.ok ? 'ok' : r.error.code] ?? 0) + 1;
  return counts;
}

const transportCount = async (hearingId: string) =>
  (await (await ctx.server.running.media.room(hearingId)).router.dump()).transportIds.length;

describe('quotas: one participant cannot take the court’s media', () => {
  it('transports, producers and consumers past the share are quota_exceeded, while a judge in another hearing keeps working', async () => {
    const a = await hearingWith(['defendant', 'witness']);
    const b = await hearingWith([]);
    const { media } = ctx.server.running;

    // 40 transports asked for at once: at most one per direction is ever held.
    const transports = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        a.defendant.request<TransportParams>({ type: 'media.createTransport', direction: i % 2 ? 'recv' : 'send' }),
      ),
    );
    // Those that overlap one being made are refused; a later one replaces the one before.
    expect(Object.keys(tally(transports)).filter((code) => code !== 'ok' && code !== 'quota_exceeded')).toEqual([]);
    expect(await transportCount(a.hearing.id)).toBe(2);
    // The newest of each direction is the one held (a reconnecting client's new transport replaces the old).
    const send = must(await a.defendant.request<TransportParams>({ type: 'media.createTransport', direction: 'send' }), 'send');
    const recv = must(await a.defendant.request<TransportParams>({ type: 'media.createTransport', direction: 'recv' }), 'recv');
    if (!send.ok || !recv.ok) throw new Error(`transports refused: ${JSON.stringify([send, recv])}`);
    expect(await transportCount(a.hearing.id)).toBe(2);

    // 40 producers on one transport (the finding): one per source, once the judge lets the
    // defendant share a screen (without that permission a screen share is refused: safe-controls).
    await a.judge.ok({ type: 'participant.allowScreen', participantId: a.seats.defendant.participant.id, allowed: true });
    const produce = (kind: 'audio' | 'video', source: 'mic' | 'camera' | 'screen', i: number) =>
      a.defendant.request<{ producerId: string }>({
        type: 'media.produce',
        transportId: send.data.id,
        kind,
        rtpParameters: kind === 'audio' ? OPUS(1000 + i) : VP8(1000 + i),
        source,
      });
    const sources = ['mic', 'camera', 'screen'] as const;
    const producers = await Promise.all(Array.from({ length: 39 }, (_, i) => produce(i % 3 ? 'video' : 'audio', sources[i % 3]!, i)));
    expect(tally(producers)).toEqual({ ok: 3, quota_exceeded: 36 });
    const own = media.listProducers(a.hearing.id).filter((p) => p.participantId === a.seats.defendant.participant.id);
    expect(own.map((p) => p.source).sort()).toEqual(['camera', 'mic', 'screen']);
    // Producing on the receive transport is refused as well.
    expect(
      await a.defendant.request({ type: 'media.produce', transportId: recv.data.id, kind: 'audio', rtpParameters: OPUS(7), source: 'mic' }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    // Consuming someone's media once is fine; 20 more times on the same transport is not. The witness
    // is called into the courtroom first (witnesses wait in the witness room: core/hearing/rooms.ts).
    await a.judge.ok({ type: 'room.move', participantId: a.seats.witness.participant.id, room: 'courtroom' });
    const witnessSend = await a.witness.ok({ type: 'media.createTransport', direction: 'send' });
    const { producerId } = await a.witness.ok({
      type: 'media.produce',
      transportId: witnessSend.id,
      kind: 'audio',
      rtpParameters: OPUS(5),
      source: 'mic',
    });
    const { rtpCapabilities } = await a.defendant.ok({ type: 'media.getRouterRtpCapabilities' });
    const consumes = await Promise.all(
      Array.from({ length: 20 }, () =>
        a.defendant.request({ type: 'media.consume', transportId: recv.data.id, producerId, rtpCapabilities }),
      ),
    );
    expect(tally(consumes)).toEqual({ ok: 1, quota_exceeded: 19 });
    const refused = consumes.find((r) => !r.ok);
    expect(refused).toMatchObject({ ok: false, error: { message: expect.stringMatching(/already receive this media/) } });

    // Meanwhile, in another hearing on the same worker, the judge's media works as usual.
    const judgeSend = await b.judge.ok({ type: 'media.createTransport', direction: 'send' });
    const judgeRecv = await b.judge.request({ type: 'media.createTransport', direction: 'recv' });
    expect(judgeRecv.ok).toBe(true);
    const judgeMic = await b.judge.request({
      type: 'media.produce',
      transportId: judgeSend.id,
      kind: 'audio',
      rtpParameters: OPUS(9),
      source: 'mic',
    });
    expect(judgeMic).toMatchObject({ ok: true, data: { producerId: expect.any(String) } });
    expect((await ctx.server.running.media.room(b.hearing.id)).worker.pid).toBe(
      (await ctx.server.running.media.room(a.hearing.id)).worker.pid,
    );

    // The defendant's share comes back when they close something.
    const mic = must(
      own.find((p) => p.source === 'mic'),
      'the mic',
    );
    await a.defendant.ok({ type: 'media.closeProducer', producerId: mic.id });
    expect((await produce('audio', 'mic', 99)).ok).toBe(true);
  });

  it('a 20,000-deep rtpParameters is invalid_input before mediasoup sees it; the connection and the worker carry on', async () => {
    const a = await hearingWith(['defendant']);
    const send = await a.defendant.ok({ type: 'media.createTransport', direction: 'send' });
    const worker = (await ctx.server.running.media.room(a.hearing.id)).worker;
    const deep = `{"type":"media.produce","transportId":"${send.id}","kind":"audio","source":"mic","rtpParameters":{"codecs":[],"encodings":[${deepJson(20_000)}]}}`;
    const reply = await rawRequest(a.defendant, deep);
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/nested deeper than 8 levels/) },
    });
    expect(ctx.server.running.media.listProducers(a.hearing.id)).toEqual([]);
    expect(worker.died).toBe(false);
    // The same connection still works, and so does the producer it should have sent.
    expect(
      await a.defendant.request({ type: 'media.produce', transportId: send.id, kind: 'audio', rtpParameters: OPUS(3), source: 'mic' }),
    ).toMatchObject({
      ok: true,
    });
  });

  it('a message over the socket’s size bound closes only that socket', async () => {
    const a = await hearingWith(['defendant']);
    const huge = `{"type":"media.consume","transportId":"t","producerId":"p","rtpCapabilities":{"x":"${'x'.repeat(300 * 1024)}"}}`;
    void rawRequest(a.defendant, huge, 2000).catch(() => undefined); // never answered: the socket is closed
    await a.defendant.waitDisconnected(5000);
    expect(await a.judge.request({ type: 'media.getRouterRtpCapabilities' })).toMatchObject({ ok: true });
  });
});

describe('WHIP offers that would make a producer per m-line', () => {
  let sites = 0;
  async function encoderInHearing() {
    const { api } = ctx.server;
    const site = (await api<{ site: SiteView }>('POST', '/api/sites', { name: `Phòng xử án lạm dụng ${++sites}`, kind: 'courtroom' })).body
      .site;
    const encoder = await api<DeviceRegistered>('POST', `/api/sites/${site.id}/devices`, { kind: 'encoder', name: 'Bộ mã hoá' });
    expect(encoder.status, JSON.stringify(encoder.body)).toBe(201);
    const kase = await api<CaseCreated>('POST', '/api/cases', { number: `HS-${Math.random().toString(36).slice(2, 7)}`, title: 'Vụ án' });
    const created = await api<HearingCreated>('POST', '/api/hearings', {
      caseId: kase.body.case.id,
      title: 'Phiên sơ thẩm',
      scheduledAt: new Date().toISOString(),
      courtroomSiteId: site.id,
    });
    expect(created.status).toBe(201);
    const hearingId = created.body.hearing.id;
    const view = await api<HearingDetail>('GET', `/api/hearings/${hearingId}`);
    const participantId = must(
      view.body.participants.find((p: ParticipantView) => p.device?.id === encoder.body.device.id),
      'the encoder participant',
    ).id;
    await ctx.server.running.media.room(hearingId); // the room exists, so "no new transport" is a real check
    return { hearingId, participantId, token: encoder.body.token };
  }

  const post = (sdp: string, token: string) =>
    fetch(`${ctx.server.base}/api/whip`, {
      method: 'POST',
      headers: { 'content-type': 'application/sdp', authorization: `Bearer ${token}` },
      body: sdp,
    });

  it('300 m-sections, or a malformed a=fingerprint, are a 400 with the reason, and nothing is created', async () => {
    const enc = await encoderInHearing();
    const before = {
      producers: ctx.server.running.media.listProducers(enc.hearingId).length,
      transports: await transportCount(enc.hearingId),
    };
    const fingerprint = (value: string) =>
      offerWithSections({ video: 1, audio: 1 }).replace(/^a=fingerprint:.*$/m, `a=fingerprint:${value}`);
    const cases: [string, RegExp][] = [
      [offerWithSections({ video: 300 }), /300 video m= sections; vcourt takes at most one audio and one video/],
      [offerWithSections({ video: 150, audio: 150 }), /150 audio m= sections/],
      [fingerprint('sha-256 00:11:22'), /Malformed a=fingerprint/],
      [fingerprint(`md5 ${Array(16).fill('AB').join(':')}`), /Unsupported a=fingerprint algorithm/],
      [fingerprint(`sha-256 ${Array(32).fill('G1').join(':')}`), /Malformed a=fingerprint/],
    ];
    for (const [sdp, reason] of cases) {
      const res = await post(sdp, enc.token);
      const body = (await res.json()) as ApiError;
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(body.error).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(reason) });
    }
    expect({
      producers: ctx.server.running.media.listProducers(enc.hearingId).length,
      transports: await transportCount(enc.hearingId),
    }).toEqual(before);
    expect(ctx.server.running.whip.size).toBe(0);
  });
});

describe('the consumer cap', () => {
  it('holds for every participant, on the server’s own loopback transports too', async () => {
    const config = { ...ctx.server.running.config.media, workers: 1, logLevel: 'error' as const, quotas: { consumersPerParticipant: 3 } };
    const pool = await WorkerPool.create(config);
    const rooms = new MediaRooms(pool, config);
    try {
      const room = await rooms.room('h-consumers');
      const producers: string[] = [];
      for (let i = 0; i < 5; i++) {
        const t = await room.createPlainTransport(`pub-${i}`);
        producers.push(
          (
            await room.produce(`pub-${i}`, {
              transportId: t.id,
              kind: 'video',
              source: 'camera',
              rtpParameters: VP8(500 + i),
              paused: false,
            })
          ).id,
        );
      }
      const viewer = await room.createPlainTransport('viewer');
      const results = await Promise.all(
        producers.map((producerId) =>
          room.consume('viewer', { transportId: viewer.id, producerId, rtpCapabilities: room.router.rtpCapabilities }).then(
            () => 'ok',
            (e: unknown) => (e instanceof DomainError ? e.code : Promise.reject(e)),
          ),
        ),
      );
      expect(results.sort()).toEqual(['ok', 'ok', 'ok', 'quota_exceeded', 'quota_exceeded']);
      // A participant's fifth loopback ingest is refused too (four: a camera's video and audio, with room to reconnect).
      for (let i = 0; i < 4; i++) await room.createPlainTransport('ingest');
      await expect(room.createPlainTransport('ingest')).rejects.toMatchObject({ code: 'quota_exceeded' });
    } finally {
      rooms.close();
      pool.close();
    }
  });
});

describe('an exhausted port range', () => {
  afterEach(() => vi.restoreAllMocks());

  it('answers unavailable (not internal), logs an alert once and tells the hearing’s domain', async () => {
    // A room of its own with a two-port range, away from the test server's range.
    const config = { ...ctx.server.running.config.media, workers: 1, minPort: 39_990, maxPort: 39_991, logLevel: 'error' as const };
    const pool = await WorkerPool.create(config);
    const rooms = new MediaRooms(pool, config);
    const events: MediaEvent[] = [];
    rooms.setListener((e) => events.push(e));
    const alerts = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const results: (string | DomainError)[] = [];
      for (let i = 0; i < 4; i++) {
        results.push(
          await rooms.createTransport('h-ports', `p-${i}`, 'recv').then(
            (t) => t.id,
            (e: unknown) => (e instanceof DomainError ? e : Promise.reject(e)),
          ),
        );
      }
      const refused = results.filter((r): r is DomainError => r instanceof DomainError);
      expect(results.length - refused.length).toBeLessThanOrEqual(2);
      expect(refused.length).toBeGreaterThanOrEqual(2);
      for (const e of refused) {
        expect(e.code).toBe('unavailable');
        expect(e.message).toMatch(/no free media port/);
      }
      await eventually(() => events.some((e) => e.type === 'mediaUnavailable'));
      expect(events.filter((e) => e.type === 'mediaUnavailable')).toEqual([
        { type: 'mediaUnavailable', hearingId: 'h-ports', participantId: expect.stringMatching(/^p-/), cause: 'ports_exhausted' },
      ]);
      const logged = alerts.mock.calls.map((c) => String(c[0])).filter((l) => l.includes('no free media port'));
      expect(logged).toHaveLength(1); // once per interval, however many are refused
      expect(logged[0]).toMatch(/ALERT.*h-ports.*range 39990-39991/);
    } finally {
      rooms.close();
      pool.close();
    }
  });
});
