// The hearing as participants live it: a real server (HTTP API + socket.io + one real mediasoup
// worker + SQLite file) and real socket.io clients.
import { describe, expect, it } from 'vitest';
import { useTestServer } from '../support/useTestServer.js';
import type { HearingSnapshot } from '../../core/protocol/model.js';
import type { TransportParams } from '../../core/protocol/signaling.js';
import { type AuditLog, createHearing, eventually, type HearingDetail, OPUS_RTP_PARAMETERS, TestClient } from '../support/server.js';

const ctx = useTestServer();
const join = (token: string) => ctx.join(token);

/** Who is waiting in the lobby as the bench's client sees it: the last update of each says (status lobby and connected). */
function waitingFor(bench: TestClient): string[] {
  const last = new Map(bench.received('participant.updated').map((n) => [n.participant.id, n.participant]));
  return [...last.values()].filter((p) => p.status === 'lobby' && p.connected).map((p) => p.id);
}

async function auditTypes(hearingId: string): Promise<string[]> {
  const res = await ctx.server.api<AuditLog>('GET', `/api/hearings/${hearingId}/audit`);
  expect(res.status).toBe(200);
  return res.body.events.map((e: { type: string }) => e.type);
}

describe('a hearing over the real server', () => {
  it('the judge joins admitted; defendant and counsel wait in the lobby; the judge admits → lobby.admitted', async () => {
    const { hearing, seats } = await createHearing(ctx.server, ['judge', 'defendant', 'counsel']);

    const judge = await join(seats.judge.token);
    expect(judge.snapshot.self).toMatchObject({ role: 'judge', status: 'admitted', connected: true });
    expect(judge.snapshot.hearing).toMatchObject({ id: hearing.id, state: 'scheduled' });

    const defendant = await join(seats.defendant.token);
    expect(defendant.snapshot.self).toMatchObject({ role: 'defendant', status: 'lobby' });
    expect(defendant.snapshot.participants).toEqual([]);
    const counsel = await join(seats.counsel.token);
    expect(counsel.snapshot.self.status).toBe('lobby');

    // The judge sees both waiting (the bench keeps its lobby from participant.updated).
    await eventually(() => waitingFor(judge.client).length === 2);

    const mark = defendant.client.mark();
    await judge.client.ok({ type: 'lobby.admit', participantId: seats.defendant.participant.id });
    await defendant.client.waitFor('lobby.admitted', undefined, { after: mark });
    await eventually(() => waitingFor(judge.client).join() === seats.counsel.participant.id);
    await judge.client.waitFor(
      'participant.updated',
      (n) => n.participant.id === seats.defendant.participant.id && n.participant.status === 'admitted',
    );

    // Joining again after admission gives the full snapshot.
    const again: HearingSnapshot = await defendant.client.ok({ type: 'join' });
    expect(again.self.status).toBe('admitted');
    expect(again.participants.map((p) => p.role).sort()).toEqual(['defendant', 'judge']);
    // Counsel, still waiting, got no lobby.admitted.
    expect(counsel.client.received('lobby.admitted')).toEqual([]);

    const res = await ctx.server.api<HearingDetail>('GET', `/api/hearings/${hearing.id}`);
    const statuses = Object.fromEntries(res.body.participants.map((p: { role: string; status: string }) => [p.role, p.status]));
    expect(statuses).toEqual({ judge: 'admitted', defendant: 'admitted', counsel: 'lobby' });
    expect(await auditTypes(hearing.id)).toEqual(
      expect.arrayContaining(['participant.joined', 'lobby.entered', 'lobby.entered', 'lobby.admitted']),
    );
  });

  it('hearing state transitions are broadcast to everyone, the lobby included', async () => {
    const { hearing, seats } = await createHearing(ctx.server, ['judge', 'clerk', 'prosecutor', 'witness']);
    const judge = await join(seats.judge.token);
    const clerk = await join(seats.clerk.token);
    const prosecutor = await join(seats.prosecutor.token);
    await judge.client.ok({ type: 'lobby.admit', participantId: seats.prosecutor.participant.id });
    const witness = await join(seats.witness.token); // stays in the lobby
    const everyone = [judge, clerk, prosecutor, witness].map((j) => j.client);

    const steps = [
      ['open', 'open'],
      ['start', 'in_session'],
      ['recess', 'recess'],
      ['resume', 'in_session'],
    ] as const;
    for (const [action, state] of steps) {
      const marks = everyone.map((c) => c.mark());
      const reason = action === 'recess' ? { reason: 'Nghỉ giải lao 15 phút' } : {};
      expect(await judge.client.ok({ type: 'hearing.transition', action, ...reason })).toEqual({ state });
      await Promise.all(
        everyone.map((c, i) => c.waitFor('hearing.state', (n) => n.state === state && n.action === action, { after: marks[i] })),
      );
      expect((await ctx.server.api<HearingDetail>('GET', `/api/hearings/${hearing.id}`)).body.hearing.state).toBe(state);
    }

    const illegal = await judge.client.request({ type: 'hearing.transition', action: 'open' });
    expect(illegal).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    expect((await ctx.server.api<HearingDetail>('GET', `/api/hearings/${hearing.id}`)).body.hearing.state).toBe('in_session');
    expect((await auditTypes(hearing.id)).filter((t) => t.startsWith('hearing.'))).toEqual([
      'hearing.created',
      'hearing.open',
      'hearing.start',
      'hearing.recess',
      'hearing.resume',
    ]);
  });

  it('media.getRouterRtpCapabilities and media.createTransport return real mediasoup parameters to admitted participants', async () => {
    const { seats } = await createHearing(ctx.server, ['judge', 'defendant', 'observer']);
    const judge = await join(seats.judge.token);
    const defendant = await join(seats.defendant.token);
    await judge.client.ok({ type: 'lobby.admit', participantId: seats.defendant.participant.id });

    const { rtpCapabilities } = await defendant.client.ok({ type: 'media.getRouterRtpCapabilities' });
    // Opaque on the wire (core/protocol/signaling.ts): mediasoup's RtpCapabilities.
    const caps = rtpCapabilities as { codecs: { mimeType: string }[]; headerExtensions: unknown[] };
    const mimeTypes = caps.codecs.map((c) => c.mimeType);
    expect(mimeTypes).toEqual(expect.arrayContaining(['audio/opus', 'video/VP8', 'video/H264']));
    expect(caps.headerExtensions.length).toBeGreaterThan(0);

    for (const direction of ['send', 'recv'] as const) {
      const t: TransportParams = await defendant.client.ok({ type: 'media.createTransport', direction });
      expect(t.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(t.iceParameters).toMatchObject({ usernameFragment: expect.any(String), password: expect.any(String) });
      const candidates = t.iceCandidates as { address: string; protocol: string; port: number }[];
      expect(candidates.length).toBeGreaterThanOrEqual(1);
      expect(candidates.every((c) => c.address === '127.0.0.1' && c.port > 0)).toBe(true);
      expect(candidates.map((c) => c.protocol).sort()).toEqual(['tcp', 'udp']);
      expect(t.dtlsParameters).toMatchObject({
        role: 'auto',
        fingerprints: expect.arrayContaining([expect.objectContaining({ algorithm: 'sha-256' })]),
      });
    }

    // A real producer (no RTP needs to flow to create one) is announced and can be consumed.
    const send: TransportParams = await defendant.client.ok({ type: 'media.createTransport', direction: 'send' });
    const mark = judge.client.mark();
    const { producerId } = await defendant.client.ok({
      type: 'media.produce',
      transportId: send.id,
      kind: 'audio',
      rtpParameters: OPUS_RTP_PARAMETERS,
      source: 'mic',
    });
    await judge.client.waitFor('media.producerAdded', (n) => n.producer.id === producerId, { after: mark });
    const recv: TransportParams = await judge.client.ok({ type: 'media.createTransport', direction: 'recv' });
    const { rtpCapabilities: judgeCaps } = await judge.client.ok({ type: 'media.getRouterRtpCapabilities' });
    const consumer = await judge.client.ok({ type: 'media.consume', transportId: recv.id, producerId, rtpCapabilities: judgeCaps });
    expect(consumer).toMatchObject({ producerId, kind: 'audio', participantId: seats.defendant.participant.id });
    expect(await judge.client.request({ type: 'media.resumeConsumer', consumerId: consumer.id })).toEqual({ ok: true, data: {} });

    // An observer, once admitted, may receive but not send.
    const observer = await join(seats.observer.token);
    await judge.client.ok({ type: 'lobby.admit', participantId: seats.observer.participant.id });
    expect((await observer.client.request({ type: 'media.getRouterRtpCapabilities' })).ok).toBe(true);
    expect((await observer.client.request({ type: 'media.createTransport', direction: 'recv' })).ok).toBe(true);
  });

  it('a participant waiting in the lobby is refused every media request', async () => {
    const { seats } = await createHearing(ctx.server, ['judge', 'witness']);
    await join(seats.judge.token);
    const witness = await join(seats.witness.token);
    const requests = [
      { type: 'media.getRouterRtpCapabilities' },
      { type: 'media.createTransport', direction: 'recv' },
      { type: 'media.createTransport', direction: 'send' },
      { type: 'media.connectTransport', transportId: 't', dtlsParameters: {} },
      { type: 'media.produce', transportId: 't', kind: 'audio', rtpParameters: {}, source: 'mic' },
      { type: 'media.consume', transportId: 't', producerId: 'p', rtpCapabilities: {} },
    ];
    for (const msg of requests) {
      const reply = await witness.client.request(msg);
      expect(reply, msg.type).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    }
  });

  it('judge mute → participant.updated shows forcedMute, the producer is paused and the muted participant cannot resume it', async () => {
    const { hearing, seats } = await createHearing(ctx.server, ['judge', 'defendant']);
    const judge = await join(seats.judge.token);
    const defendant = await join(seats.defendant.token);
    await judge.client.ok({ type: 'lobby.admit', participantId: seats.defendant.participant.id });
    const send: TransportParams = await defendant.client.ok({ type: 'media.createTransport', direction: 'send' });
    const { producerId } = await defendant.client.ok({
      type: 'media.produce',
      transportId: send.id,
      kind: 'audio',
      rtpParameters: OPUS_RTP_PARAMETERS,
      source: 'mic',
    });

    const marks = [judge.client.mark(), defendant.client.mark()];
    await judge.client.ok({ type: 'participant.mute', participantId: seats.defendant.participant.id, kind: 'audio' });
    for (const [i, c] of [judge.client, defendant.client].entries()) {
      await c.waitFor(
        'participant.updated',
        (n) => n.participant.id === seats.defendant.participant.id && n.participant.forcedMute.audio && !n.participant.forcedMute.video,
        { after: marks[i] },
      );
      await c.waitFor('media.producerPaused', (n) => n.producerId === producerId && n.paused, { after: marks[i] });
    }
    const stored = ctx.server.running.media.listProducers(hearing.id).find((p) => p.id === producerId);
    expect(stored?.paused).toBe(true);

    expect(await defendant.client.request({ type: 'media.resumeProducer', producerId })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(ctx.server.running.media.listProducers(hearing.id).find((p) => p.id === producerId)?.paused).toBe(true);
    // Pausing one's own muted producer is still fine.
    expect(await defendant.client.request({ type: 'media.pauseProducer', producerId })).toEqual({ ok: true, data: {} });

    // A new mic producer from someone muted starts paused (one mic at a time: the old one goes first).
    const mic = { type: 'media.produce', transportId: send.id, kind: 'audio', source: 'mic' } as const;
    const secondMic = { ...mic, rtpParameters: { ...OPUS_RTP_PARAMETERS, mid: '1', encodings: [{ ssrc: 22_222_222 }] } };
    expect(await defendant.client.request(secondMic)).toMatchObject({ ok: false, error: { code: 'quota_exceeded' } });
    await defendant.client.ok({ type: 'media.closeProducer', producerId });
    const second = await defendant.client.ok(secondMic);
    expect(ctx.server.running.media.listProducers(hearing.id).find((p) => p.id === second.producerId)?.paused).toBe(true);

    await judge.client.ok({ type: 'participant.unmute', participantId: seats.defendant.participant.id, kind: 'audio' });
    await defendant.client.waitFor('participant.updated', (n) => n.participant.forcedMute.audio === false);
    // Lifting the mute does not switch the microphone back on; the participant does.
    const paused = () => ctx.server.running.media.listProducers(hearing.id).find((p) => p.id === second.producerId)?.paused;
    expect(paused()).toBe(true);
    expect(await defendant.client.request({ type: 'media.resumeProducer', producerId: second.producerId })).toEqual({ ok: true, data: {} });
    expect(paused()).toBe(false);

    const types = await auditTypes(hearing.id);
    expect(types).toEqual(expect.arrayContaining(['participant.muted', 'participant.unmuted']));
  });

  it('adjourn → hearing.ended to everyone, every socket is disconnected and nobody can rejoin', async () => {
    const { hearing, seats } = await createHearing(ctx.server, ['judge', 'clerk', 'defendant', 'counsel']);
    const judge = await join(seats.judge.token);
    const clerk = await join(seats.clerk.token);
    const defendant = await join(seats.defendant.token);
    await judge.client.ok({ type: 'lobby.admit', participantId: seats.defendant.participant.id });
    const counsel = await join(seats.counsel.token); // waiting in the lobby
    await judge.client.ok({ type: 'hearing.transition', action: 'open' });
    await judge.client.ok({ type: 'hearing.transition', action: 'start' });
    await defendant.client.ok({ type: 'media.createTransport', direction: 'recv' });

    expect(await judge.client.ok({ type: 'hearing.transition', action: 'adjourn' })).toEqual({ state: 'adjourned' });
    const everyone = [judge, clerk, defendant, counsel].map((j) => j.client);
    await Promise.all(everyone.map((c) => c.waitFor('hearing.ended')));
    await Promise.all(everyone.map((c) => c.waitFor('hearing.state', (n) => n.state === 'adjourned')));
    const reasons = await Promise.all(everyone.map((c) => c.waitDisconnected()));
    expect(reasons).toEqual(Array(4).fill('io server disconnect'));

    const res = await ctx.server.api<HearingDetail>('GET', `/api/hearings/${hearing.id}`);
    expect(res.body.hearing.state).toBe('adjourned');
    expect(res.body.participants.every((p: { connected: boolean }) => !p.connected)).toBe(true);
    // After adjournment only the record's own build (record.*, recordings/archive/) may follow.
    expect((await auditTypes(hearing.id)).filter((t) => !t.startsWith('record.')).at(-1)).toBe('hearing.adjourn');

    // The link still identifies the judge, but the hearing is over.
    const back = await TestClient.connect(ctx.server.base, seats.judge.token);
    ctx.closeAfter(back);
    expect(await back.request({ type: 'join' })).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    expect(await back.request({ type: 'media.getRouterRtpCapabilities' })).toMatchObject({ ok: false });
  });

  it('a participant who reconnects (new socket, same link) replaces the old socket and stays admitted', async () => {
    const { hearing, seats } = await createHearing(ctx.server, ['judge', 'witness']);
    const judge = await join(seats.judge.token);
    const witness = await join(seats.witness.token);
    await judge.client.ok({ type: 'lobby.admit', participantId: seats.witness.participant.id });
    const second = await join(seats.witness.token);
    expect(second.snapshot.self).toMatchObject({ status: 'admitted', connected: true });
    expect(await witness.client.waitDisconnected()).toBe('io server disconnect');
    expect((await second.client.request({ type: 'media.getRouterRtpCapabilities' })).ok).toBe(true);
    const res = await ctx.server.api<HearingDetail>('GET', `/api/hearings/${hearing.id}`);
    expect(res.body.participants.find((p: { role: string }) => p.role === 'witness')).toMatchObject({
      status: 'admitted',
      connected: true,
    });
  });

  it('a request sent the moment a participant reconnects is answered, even while the hearing is busy', async () => {
    const { seats } = await createHearing(ctx.server, ['judge', 'defendant']);
    const judge = await join(seats.judge.token);
    const first = await join(seats.defendant.token);
    await judge.client.ok({ type: 'lobby.admit', participantId: seats.defendant.participant.id });
    const send: TransportParams = await first.client.ok({ type: 'media.createTransport', direction: 'send' });
    await first.client.ok({
      type: 'media.produce',
      transportId: send.id,
      kind: 'audio',
      rtpParameters: OPUS_RTP_PARAMETERS,
      source: 'mic',
    });

    // Hold the hearing's command queue: the real setKindPaused, delayed by 300 ms.
    const media = ctx.server.running.media;
    const realSetKindPaused = media.setKindPaused;
    media.setKindPaused = async (...args) => {
      await new Promise((r) => setTimeout(r, 300));
      return realSetKindPaused.apply(media, args);
    };
    try {
      const mute = judge.client.request({ type: 'participant.mute', participantId: seats.defendant.participant.id, kind: 'audio' });
      await new Promise((r) => setTimeout(r, 50)); // the mute is now running
      const socket = TestClient.socket(ctx.server.base, seats.defendant.token);
      const reply = await new Promise<unknown>((resolve) =>
        socket.on('connect', () =>
          socket.timeout(3000).emit('request', { type: 'join' }, (err: Error | null, r: unknown) => resolve(err ?? r)),
        ),
      );
      socket.close();
      expect(reply).toMatchObject({ ok: true, data: { self: { status: 'admitted', forcedMute: { audio: true } } } });
      expect((await mute).ok).toBe(true);
    } finally {
      media.setKindPaused = realSetKindPaused;
    }
  });
});
