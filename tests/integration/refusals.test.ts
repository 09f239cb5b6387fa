// What the server refuses: judge actions from a party, forged tokens, observers sending media,
// malformed messages, removed participants. Each refusal is checked to change nothing.
import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { useTestServer } from '../support/useTestServer.js';
import type { Invitation, InvitationInfo } from '../../core/protocol/http.js';
import { must } from '../support/must.js';
import {
  type ApiError,
  type AuditLog,
  createHearing,
  type HearingDetail,
  OPUS_RTP_PARAMETERS,
  benchSeat,
  TestClient,
} from '../support/server.js';

const ctx = useTestServer();
const join = (token: string) => ctx.join(token);

/** What the HTTP API shows of a hearing: its record, participants and audit log. */
async function record(hearingId: string) {
  const hearing = await ctx.server.api<HearingDetail>('GET', `/api/hearings/${hearingId}`);
  const audit = await ctx.server.api<AuditLog>('GET', `/api/hearings/${hearingId}/audit`);
  expect(hearing.status).toBe(200);
  expect(audit.status).toBe(200);
  return { hearing: hearing.body.hearing, participants: hearing.body.participants, events: audit.body.events };
}

/** A hearing with the judge in, the defendant admitted, counsel waiting, all connected. */
async function seated(extra: ('observer' | 'witness')[] = []) {
  const { hearing, seats } = await createHearing(ctx.server, ['judge', 'defendant', 'counsel', ...extra]);
  const judge = await join(seats.judge.token);
  const defendant = await join(seats.defendant.token);
  await judge.client.ok({ type: 'lobby.admit', participantId: seats.defendant.participant.id });
  await defendant.client.ok({ type: 'join' });
  const counsel = await join(seats.counsel.token);
  return { hearing, seats, judge: judge.client, defendant: defendant.client, counsel: counsel.client };
}

describe('refusals over the real server', () => {
  it('a defendant trying the judge’s actions gets forbidden and nothing changes', async () => {
    const { hearing, seats, defendant, judge } = await seated();
    const before = await record(hearing.id);
    const judgeMark = judge.mark();
    const attempts = [
      { type: 'lobby.admit', participantId: seats.counsel.participant.id },
      { type: 'lobby.deny', participantId: seats.counsel.participant.id, reason: 'I say so' },
      { type: 'participant.mute', participantId: seats.judge.participant.id, kind: 'audio' },
      { type: 'participant.unmute', participantId: seats.defendant.participant.id, kind: 'video' },
      { type: 'participant.remove', participantId: seats.judge.participant.id },
      ...(['open', 'start', 'recess', 'resume', 'adjourn'] as const).map((action) => ({ type: 'hearing.transition', action })),
    ];
    for (const msg of attempts) {
      const reply = await defendant.request(msg);
      expect(reply, JSON.stringify(msg)).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.any(String) } });
    }
    expect(await record(hearing.id)).toEqual(before);
    expect(judge.received('hearing.state', judgeMark)).toEqual([]);
    expect(judge.received('participant.updated', judgeMark)).toEqual([]);
    expect(defendant.connected).toBe(true);
  });

  it('a waiting counsel trying the judge’s actions gets forbidden and nothing changes', async () => {
    const { hearing, seats, counsel } = await seated();
    const before = await record(hearing.id);
    expect(await counsel.request({ type: 'lobby.admit', participantId: seats.counsel.participant.id })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await counsel.request({ type: 'hearing.transition', action: 'open' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await record(hearing.id)).toEqual(before);
  });

  it('the clerk sees the lobby and admits, but denying, muting and transitions are forbidden', async () => {
    const { hearing, seats } = await seated();
    // The clerk of the hearing sits in a seat bound to a clerk account, opened from its own sign-in.
    const clerk = await join((await benchSeat(ctx.server, hearing.id, 'Clerk', 'clerk')).token);
    expect(clerk.snapshot.self.status).toBe('admitted');
    expect(clerk.snapshot.lobby.map((p) => p.id)).toEqual([seats.counsel.participant.id]);
    const before = await record(hearing.id);
    for (const msg of [
      { type: 'lobby.deny', participantId: seats.counsel.participant.id },
      { type: 'participant.mute', participantId: seats.defendant.participant.id, kind: 'video' },
      { type: 'hearing.transition', action: 'open' },
    ]) {
      expect(await clerk.client.request(msg), msg.type).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await record(hearing.id)).toEqual(before);
    // Checking who has come and letting them in is the clerk's work too.
    await clerk.client.ok({ type: 'lobby.admit', participantId: seats.counsel.participant.id });
  });

  it('a forged token is refused at connect (unauthorized) and by GET /api/invitation (401)', async () => {
    const { seats } = await createHearing(ctx.server, ['defendant']);
    const [header, payload, signature] = seats.defendant.token.split('.');
    const claims = JSON.parse(Buffer.from(must(payload, 'the token payload'), 'base64url').toString());
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims, role: 'judge' })).toString('base64url');
    const forged = `${header}.${forgedPayload}.${signature}`;
    const foreign = jwt.sign({ hid: claims.hid, role: 'judge' }, 'a-secret-the-server-does-not-know-0123456789', {
      algorithm: 'HS256',
      audience: 'vcourt:invitation',
      issuer: 'vcourt',
      subject: claims.sub,
      jwtid: claims.jti,
      expiresIn: 3600,
    });

    for (const token of [forged, foreign, 'not-a-token', '', 42, undefined]) {
      const refusal = await TestClient.refusal(ctx.server.base, token);
      expect(refusal, String(token)).toMatchObject({ code: 'unauthorized' });
    }
    for (const token of [forged, foreign]) {
      const res = await ctx.server.api<ApiError>('GET', '/api/invitation', undefined, token);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthorized');
    }
    const noHeader = await ctx.server.api('GET', '/api/invitation', undefined, null);
    expect(noHeader.status).toBe(401);

    // The genuine link still works.
    const genuine = await ctx.server.api<InvitationInfo>('GET', '/api/invitation', undefined, seats.defendant.token);
    expect(genuine.status).toBe(200);
    expect(genuine.body.participant).toMatchObject({ role: 'defendant', status: 'invited' });
  });

  it('a staff session is not an invitation, and an invitation is not a staff session', async () => {
    const { seats } = await createHearing(ctx.server, ['judge']);
    expect(await TestClient.refusal(ctx.server.base, ctx.server.adminToken)).toMatchObject({ code: 'unauthorized' });
    expect((await ctx.server.api('GET', '/api/invitation', undefined, ctx.server.adminToken)).status).toBe(401);
    const asStaff = await ctx.server.api<ApiError>('GET', '/api/sites', undefined, seats.judge.token);
    expect(asStaff.status).toBe(401);
    expect(asStaff.body.error.code).toBe('unauthorized');
  });

  it('an invitation replaced by a new link is refused; the new link works', async () => {
    const { hearing, seats } = await createHearing(ctx.server, ['witness']);
    const reissued = await ctx.server.api<{ invitation: Invitation }>(
      'POST',
      `/api/hearings/${hearing.id}/participants/${seats.witness.participant.id}/invitation`,
    );
    expect(reissued.status).toBe(201);
    expect(await TestClient.refusal(ctx.server.base, seats.witness.token)).toMatchObject({ code: 'unauthorized' });
    const fresh = await TestClient.connect(ctx.server.base, reissued.body.invitation.token);
    ctx.closeAfter(fresh);
    expect((await fresh.ok({ type: 'join' })).self.status).toBe('lobby');
  });

  it('an observer trying to send media (send transport, produce) gets forbidden', async () => {
    const { hearing, seats, judge } = await seated(['observer']);
    const observer = await join(seats.observer.token);
    await judge.ok({ type: 'lobby.admit', participantId: seats.observer.participant.id });
    const recv = await observer.client.ok({ type: 'media.createTransport', direction: 'recv' });
    const before = await record(hearing.id);

    expect(await observer.client.request({ type: 'media.createTransport', direction: 'send' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    for (const transportId of [recv.id, 'made-up-transport']) {
      expect(
        await observer.client.request({
          type: 'media.produce',
          transportId,
          kind: 'audio',
          rtpParameters: OPUS_RTP_PARAMETERS,
          source: 'mic',
        }),
      ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    for (const type of ['media.pauseProducer', 'media.resumeProducer', 'media.closeProducer']) {
      expect(await observer.client.request({ type, producerId: 'x' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(ctx.server.running.media.listProducers(hearing.id)).toEqual([]);
    expect(await record(hearing.id)).toEqual(before);
  });

  it('parameters mediasoup refuses (DTLS, RTP, an unsupported codec) are invalid_input and change nothing', async () => {
    const { hearing, defendant } = await seated();
    const send = await defendant.ok({ type: 'media.createTransport', direction: 'send' });
    const before = await record(hearing.id);
    const VP9 = { mid: '1', codecs: [{ mimeType: 'video/VP9', payloadType: 98, clockRate: 90000 }], encodings: [{ ssrc: 33_333_333 }] };
    const refused = [
      { type: 'media.connectTransport', transportId: send.id, dtlsParameters: { role: 'client' } },
      { type: 'media.produce', transportId: send.id, kind: 'audio', rtpParameters: {}, source: 'mic' },
      { type: 'media.produce', transportId: send.id, kind: 'audio', rtpParameters: { codecs: 'opus' }, source: 'mic' },
      { type: 'media.produce', transportId: send.id, kind: 'video', rtpParameters: VP9, source: 'camera' },
    ];
    for (const msg of refused) {
      expect(await defendant.request(msg), JSON.stringify(msg)).toMatchObject({
        ok: false,
        error: { code: 'invalid_input', message: expect.any(String) },
      });
    }
    expect(ctx.server.running.media.listProducers(hearing.id)).toEqual([]);
    expect(await record(hearing.id)).toEqual(before);
    expect(defendant.connected).toBe(true);
  });

  it('nobody can pause, resume or close someone else’s producer', async () => {
    const { hearing, judge, defendant } = await seated();
    const send = await defendant.ok({ type: 'media.createTransport', direction: 'send' });
    const { producerId } = await defendant.ok({
      type: 'media.produce',
      transportId: send.id,
      kind: 'audio',
      rtpParameters: OPUS_RTP_PARAMETERS,
      source: 'mic',
    });
    for (const type of ['media.pauseProducer', 'media.resumeProducer', 'media.closeProducer']) {
      expect(await judge.request({ type, producerId })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    }
    expect(ctx.server.running.media.listProducers(hearing.id)).toMatchObject([{ id: producerId, paused: false }]);
    // Nor produce on someone else's transport.
    expect(
      await judge.request({
        type: 'media.produce',
        transportId: send.id,
        kind: 'audio',
        rtpParameters: OPUS_RTP_PARAMETERS,
        source: 'mic',
      }),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('malformed messages get invalid_input and change nothing', async () => {
    const { hearing, seats, judge } = await seated();
    const before = await record(hearing.id);
    const malformed: unknown[] = [
      { type: 'hearing.delete' },
      { type: 'lobby.admitAll' },
      {},
      { participantId: seats.counsel.participant.id },
      { type: 'lobby.admit' },
      { type: 'participant.mute', participantId: seats.defendant.participant.id },
      { type: 'hearing.transition' },
      { type: 'hearing.transition', action: 'adjourned' },
      { type: 'lobby.admit', participantId: 12345 },
      { type: 'lobby.admit', participantId: seats.counsel.participant.id, asRole: 'judge' },
      { type: 'hearing.transition', action: 'open', hearingId: 'another' },
      { type: 'join', extra: true },
      { type: 'participant.remove', participantId: seats.defendant.participant.id, reason: 'x'.repeat(501) },
      { type: 'lobby.admit', participantId: 'x'.repeat(65) },
      { type: 'media.setConsumerLayers', consumerId: 'c', spatialLayer: 9 },
      'join',
      42,
      null,
      [],
      [{ type: 'hearing.transition', action: 'open' }],
      true,
    ];
    for (const msg of malformed) {
      const reply = await judge.request(msg);
      expect(reply, JSON.stringify(msg)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.any(String) } });
    }
    expect(await record(hearing.id)).toEqual(before);
    expect(judge.connected).toBe(true);
  });

  it('a request without an acknowledgement callback is ignored without harm', async () => {
    const { hearing, judge } = await seated();
    const before = await record(hearing.id);
    judge.socket.emit('request', { type: 'nonsense' });
    judge.socket.emit('request');
    judge.socket.emit('something-else', { type: 'hearing.transition', action: 'open' });
    expect(await judge.ok({ type: 'media.getRouterRtpCapabilities' })).toHaveProperty('rtpCapabilities');
    expect(await record(hearing.id)).toEqual(before);
  });

  it('a removed participant is told, disconnected and cannot come back with the same link', async () => {
    const { hearing, seats, judge, defendant } = await seated();
    const judgeMark = judge.mark();
    await judge.ok({ type: 'participant.remove', participantId: seats.defendant.participant.id, reason: 'Contempt of court' });
    expect(await defendant.waitFor('removed')).toEqual({ type: 'removed', reason: 'Contempt of court' });
    expect(await defendant.waitDisconnected()).toBe('io server disconnect');
    await judge.waitFor(
      'participant.updated',
      (n) => n.participant.id === seats.defendant.participant.id && n.participant.status === 'removed',
      { after: judgeMark },
    );

    expect(await TestClient.refusal(ctx.server.base, seats.defendant.token)).toMatchObject({ code: 'unauthorized' });
    expect((await ctx.server.api('GET', '/api/invitation', undefined, seats.defendant.token)).status).toBe(401);
    // And the clerk cannot hand them a new link.
    const relink = await ctx.server.api<ApiError>(
      'POST',
      `/api/hearings/${hearing.id}/participants/${seats.defendant.participant.id}/invitation`,
    );
    expect(relink.status).toBe(409);
    expect(relink.body.error.code).toBe('invalid_state');

    const after = await record(hearing.id);
    expect(after.participants.find((p: { id: string }) => p.id === seats.defendant.participant.id)).toMatchObject({
      status: 'removed',
      connected: false,
    });
    expect(after.events.at(-1)).toMatchObject({
      type: 'participant.removed',
      actor: { kind: 'participant', participantId: seats.judge.participant.id, role: 'judge' },
      data: { participantId: seats.defendant.participant.id, reason: 'Contempt of court' },
    });
  });

  it('a denied participant is told, disconnected and cannot come back with the same link', async () => {
    const { hearing, seats, judge, counsel } = await seated();
    await judge.ok({ type: 'lobby.deny', participantId: seats.counsel.participant.id, reason: 'Wrong hearing' });
    expect(await counsel.waitFor('lobby.denied')).toEqual({ type: 'lobby.denied', reason: 'Wrong hearing' });
    expect(await counsel.waitDisconnected()).toBe('io server disconnect');
    expect(await TestClient.refusal(ctx.server.base, seats.counsel.token)).toMatchObject({ code: 'unauthorized' });
    expect((await record(hearing.id)).events.at(-1)).toMatchObject({ type: 'lobby.denied' });
  });

  it('tokens are scoped to their hearing: a judge of one hearing cannot act in another', async () => {
    const a = await seated();
    const b = await createHearing(ctx.server, ['judge', 'witness']);
    const witnessB = await join(b.seats.witness.token);
    const before = await record(b.hearing.id);
    // Judge A names a participant of hearing B.
    expect(await a.judge.request({ type: 'lobby.admit', participantId: b.seats.witness.participant.id })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await a.judge.request({ type: 'participant.remove', participantId: b.seats.judge.participant.id })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await record(b.hearing.id)).toEqual(before);
    expect(witnessB.snapshot.self.status).toBe('lobby');
  });
});
