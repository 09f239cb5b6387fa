// The equipment check's network probe against a real server and mediasoup worker: a participant
// who has not joined (only connected with the invitation) gets a transport on the probe router, with
// the ICE servers the hearing's transports get, connects it and produces on it; nothing of it reaches
// the hearing (no room, no producer, no notification, no recording, even in session), the probe is
// closed by finish, and the report is audited and shown to the bench beside the waiting participant.
// Real media through the probe is the browser test's part (tests/e2e/equipment-check.spec.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IceServersReply } from '../../core/protocol/signaling.js';
import { loadTurnConfig } from '../../server/turn/TurnConfig.js';
import type { AuditLog, ParticipantAdded, TestServer } from '../support/server.js';
import { createHearing, joinWith, OPUS_RTP_PARAMETERS, startTestServer, TestClient } from '../support/server.js';
import { useTestServer } from '../support/useTestServer.js';

const ctx = useTestServer();

const DTLS = {
  role: 'client',
  fingerprints: [{ algorithm: 'sha-256', value: Array.from({ length: 32 }, () => 'AB').join(':') }],
};
const REPORT = { network: { connected: true, rttMs: 3, lossPct: 0, uplinkKbps: 1500 }, micOk: true, speakerOk: true, camera: true };

async function connect(token: string): Promise<TestClient> {
  return ctx.closeAfter(await TestClient.connect(ctx.server.base, token));
}

async function audit(hearingId: string) {
  const res = await ctx.server.api<AuditLog>('GET', `/api/hearings/${hearingId}/audit`);
  return res.body.events;
}

describe('the equipment check against a real server', () => {
  it('probes on a router of its own: nothing reaches the hearing, even in session', async () => {
    const { hearing, seats } = await createHearing(ctx.server, ['judge', 'defendant']);
    const { client: judge } = await ctx.join(seats.judge.token);
    await judge.ok({ type: 'hearing.transition', action: 'open' });
    await judge.ok({ type: 'hearing.transition', action: 'start' });
    const { media, recorder } = ctx.server.running;
    const mark = judge.mark();
    const logged = (await audit(hearing.id)).length;

    const defendant = await connect(seats.defendant.token); // connected, never joined
    const start = await defendant.ok({ type: 'probe.start' });
    expect(start).toMatchObject({ iceServers: [], iceTransportPolicy: 'all', maxDurationMs: expect.any(Number) });
    expect(start.transport.id).toEqual(expect.any(String));
    expect((start.rtpCapabilities as { codecs: unknown[] }).codecs.length).toBeGreaterThan(0);
    await defendant.ok({ type: 'probe.connect', transportId: start.transport.id, dtlsParameters: DTLS });
    const { producerId } = await defendant.ok({
      type: 'probe.produce',
      transportId: start.transport.id,
      kind: 'audio',
      rtpParameters: OPUS_RTP_PARAMETERS,
    });
    expect(producerId).toEqual(expect.any(String));
    expect(media.probes.size).toBe(1);

    // The hearing knows nothing of it: no room was even created, no producer, nothing told, nothing recorded.
    expect(media.existingRoom(hearing.id)).toBeUndefined();
    expect(media.listProducers(hearing.id)).toEqual([]);
    expect(judge.received('media.producerAdded', mark)).toEqual([]);
    expect(recorder.processes(hearing.id)).toEqual([]);

    // No real RTP came (a socket.io client has no DTLS): the server says so, and the probe is gone.
    const stats = await defendant.ok({ type: 'probe.finish' });
    expect(stats).toEqual({ connected: false, packetsReceived: 0, packetsLost: 0, recvKbps: 0, rttMs: null });
    expect(media.probes.size).toBe(0);
    const again = await defendant.request({ type: 'probe.connect', transportId: start.transport.id, dtlsParameters: DTLS });
    expect(again).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // Nor its record: the probe leaves no event about the defendant (the report, below, is what is audited).
    expect((await audit(hearing.id)).slice(logged)).toEqual([]);
  });

  it('a new check replaces the previous one, and a second producer of a kind is refused', async () => {
    const { seats } = await createHearing(ctx.server, ['defendant']);
    const defendant = await connect(seats.defendant.token);
    const first = await defendant.ok({ type: 'probe.start' });
    const second = await defendant.ok({ type: 'probe.start' });
    expect(second.transport.id).not.toBe(first.transport.id);
    expect(ctx.server.running.media.probes.size).toBe(1);
    const produce = { type: 'probe.produce', transportId: second.transport.id, kind: 'audio', rtpParameters: OPUS_RTP_PARAMETERS };
    await defendant.ok(produce as { type: 'probe.produce' });
    expect(await defendant.request(produce)).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    await defendant.ok({ type: 'probe.finish' });
    expect(ctx.server.running.media.probes.size).toBe(0);
  });

  it('the report is audited, graded by the server and shown to the bench beside the waiting participant', async () => {
    const { hearing, seats } = await createHearing(ctx.server, ['judge', 'defendant']);
    const { client: judge } = await ctx.join(seats.judge.token);
    const { client: defendant } = await ctx.join(seats.defendant.token); // waits in the lobby
    const mark = judge.mark();
    const { check } = await defendant.ok({ type: 'equipment.report', report: { ...REPORT, network: { ...REPORT.network, lossPct: 7 } } });
    expect(check.network?.grade).toBe('weak');
    const update = await judge.waitFor('participant.updated', (n) => n.participant.id === seats.defendant.participant.id, { after: mark });
    expect(update.participant.check).toMatchObject({ network: { grade: 'weak', lossPct: 7 }, micOk: true, speakerOk: true });
    const event = (await audit(hearing.id)).find((e) => e.type === 'participant.checked');
    expect(event?.data).toMatchObject({ participantId: seats.defendant.participant.id, grade: 'weak', lossPct: 7, micOk: true });
  });

  it('refuses a bad report and a denied participant, changing nothing', async () => {
    const { hearing, seats } = await createHearing(ctx.server, ['judge', 'witness']);
    const { client: judge } = await ctx.join(seats.judge.token);
    const { client: witness } = await ctx.join(seats.witness.token);
    const bad = await witness.request({ type: 'equipment.report', report: { ...REPORT, network: { ...REPORT.network, rttMs: -5 } } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect((await audit(hearing.id)).map((e) => e.type)).not.toContain('participant.checked');

    await judge.ok({ type: 'lobby.deny', participantId: seats.witness.participant.id, reason: 'Chưa đến lượt' });
    // The denied link no longer connects at all; its socket, if still open, is refused the probe.
    const refusal = await TestClient.refusal(ctx.server.base, seats.witness.token);
    expect(refusal?.code).toBe('unauthorized');
    expect(ctx.server.running.media.probes.size).toBe(0);
  });
});

describe('the equipment check takes the path the hearing will (TURN, relay-only sites)', () => {
  // An external coturn is only named here: what is checked is what each participant is told.
  let turnServer: TestServer;
  const opened: TestClient[] = [];
  beforeAll(async () => {
    const turn = loadTurnConfig(
      { VCOURT_TURN: 'external', VCOURT_TURN_HOST: 'turn.toaan.test', VCOURT_TURN_SECRET: 'probe-test-secret' },
      { listenIp: '127.0.0.1' },
    );
    turnServer = await startTestServer({ turn });
  });
  afterAll(async () => {
    for (const c of opened) c.close();
    await turnServer?.stop();
  });

  it('gives a relay-only site’s participant the relay policy and the TURN servers media.iceServers gives', async () => {
    const { hearing, seats } = await createHearing(turnServer, ['judge']);
    const site = await turnServer.api<{ site: { id: string } }>('POST', '/api/sites', {
      name: 'Trại tạm giam',
      kind: 'detention',
      relayOnly: true,
    });
    const added = await turnServer.api<ParticipantAdded>('POST', `/api/hearings/${hearing.id}/participants`, {
      displayName: 'Bị cáo',
      role: 'defendant',
      siteId: site.body.site.id,
    });
    const token = added.body.invitation!.token;
    const probe = await TestClient.connect(turnServer.base, token);
    opened.push(probe);
    const start = await probe.ok({ type: 'probe.start' });
    await probe.ok({ type: 'probe.finish' });
    probe.close();
    expect(start.iceTransportPolicy).toBe('relay');
    expect(start.iceServers[0]?.urls.join(' ')).toMatch(/turns?:turn\.toaan\.test/);

    const { client: judge } = await joinWith(turnServer.base, seats.judge.token);
    const { client: defendant } = await joinWith(turnServer.base, token);
    opened.push(judge, defendant);
    await judge.ok({ type: 'lobby.admit', participantId: added.body.participant.id });
    await defendant.ok({ type: 'join' });
    const hearingIce: IceServersReply = await defendant.ok({ type: 'media.iceServers' });
    expect(start.iceTransportPolicy).toBe(hearingIce.iceTransportPolicy);
    expect(start.iceServers.map((s) => s.urls)).toEqual(hearingIce.iceServers.map((s) => s.urls));
  });
});
