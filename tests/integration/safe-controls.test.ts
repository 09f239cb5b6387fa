// Safe controls at the signaling level, real server and real mediasoup worker: a screen producer is
// refused until the presiding judge allows it, and withdrawing the permission closes it in the SFU
// (everyone is told media.producerClosed); mute all leaves the bench on; a required party's
// departure needs a reason, which the bench is told.
import { describe, expect, it } from 'vitest';
import type { Reply } from '../../core/protocol/signaling.js';
import { createHearing, eventually } from '../support/server.js';
import { useTestServer } from '../support/useTestServer.js';

const ctx = useTestServer();

const VP8 = (ssrc: number) => ({
  mid: String(ssrc),
  codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000, rtcpFeedback: [] }],
  headerExtensions: [],
  encodings: [{ ssrc }],
  rtcp: { cname: 'screen', reducedSize: true },
});

const codeOf = (r: Reply) => (r.ok ? 'ok' : r.error.code);

async function hearingWithCounsel() {
  const { hearing, seats } = await createHearing(ctx.server, ['judge', 'clerk', 'counsel', 'defendant']);
  const judge = (await ctx.join(seats.judge.token)).client;
  const clerk = (await ctx.join(seats.clerk.token)).client;
  const counsel = (await ctx.join(seats.counsel.token)).client;
  const defendant = (await ctx.join(seats.defendant.token)).client;
  for (const role of ['counsel', 'defendant'] as const) await judge.ok({ type: 'lobby.admit', participantId: seats[role].participant.id });
  return { hearing, seats, judge, clerk, counsel, defendant };
}

const screenProducers = async (hearingId: string, participantId: string) =>
  (await ctx.server.running.media.room(hearingId))
    .listProducers()
    .filter((p) => p.participantId === participantId && p.source === 'screen');

describe('screen sharing is the judge’s to allow (real mediasoup)', () => {
  it('a screen producer is refused until the judge allows it; withdrawing closes it in the SFU', async () => {
    const { hearing, seats, judge, counsel } = await hearingWithCounsel();
    const send = await counsel.ok({ type: 'media.createTransport', direction: 'send' });
    const screen = (ssrc: number) =>
      ({ type: 'media.produce', transportId: send.id, kind: 'video', rtpParameters: VP8(ssrc), source: 'screen' }) as const;

    expect(codeOf(await counsel.request(screen(1111)))).toBe('forbidden');
    expect(await screenProducers(hearing.id, seats.counsel.participant.id)).toEqual([]);

    const mark = judge.mark();
    await judge.ok({ type: 'participant.allowScreen', participantId: seats.counsel.participant.id, allowed: true });
    const shown = await judge.waitFor('participant.updated', (n) => n.participant.id === seats.counsel.participant.id, { after: mark });
    expect(shown.participant.mayShareScreen).toBe(true);

    const { producerId } = await counsel.ok(screen(2222));
    expect((await screenProducers(hearing.id, seats.counsel.participant.id)).map((p) => p.id)).toEqual([producerId]);

    const before = counsel.mark();
    await judge.ok({ type: 'participant.allowScreen', participantId: seats.counsel.participant.id, allowed: false });
    await counsel.waitFor('media.producerClosed', (n) => n.producerId === producerId, { after: before });
    await eventually(async () => expect(await screenProducers(hearing.id, seats.counsel.participant.id)).toEqual([]));
    expect(codeOf(await counsel.request(screen(3333)))).toBe('forbidden');
  });

  it('the clerk (the bench) shares without being allowed, and may not allow others', async () => {
    const { seats, clerk } = await hearingWithCounsel();
    const send = await clerk.ok({ type: 'media.createTransport', direction: 'send' });
    await clerk.ok({ type: 'media.produce', transportId: send.id, kind: 'video', rtpParameters: VP8(4444), source: 'screen' });
    const reply = await clerk.request({ type: 'participant.allowScreen', participantId: seats.counsel.participant.id, allowed: true });
    expect(codeOf(reply)).toBe('forbidden');
  });
});

describe('mute all and required presence (signaling)', () => {
  it('mutes the parties and not the bench; only the presiding judge may', async () => {
    const { seats, judge, clerk } = await hearingWithCounsel();
    expect(codeOf(await clerk.request({ type: 'participant.muteAll' }))).toBe('forbidden');
    const { muted } = await judge.ok({ type: 'participant.muteAll' });
    expect([...muted].sort()).toEqual([seats.counsel.participant.id, seats.defendant.participant.id].sort());
  });

  it('the defendant leaves an opened hearing only with a reason, which the bench is told', async () => {
    const { seats, judge, defendant } = await hearingWithCounsel();
    await judge.ok({ type: 'hearing.transition', action: 'open' });
    expect(codeOf(await defendant.request({ type: 'leave' }))).toBe('invalid_input');
    const mark = judge.mark();
    await defendant.ok({ type: 'leave', reason: 'Mất kết nối mạng tại trại tạm giam' });
    const told = await judge.waitFor('participant.left', () => true, { after: mark });
    expect(told).toMatchObject({ participantId: seats.defendant.participant.id, reason: 'Mất kết nối mạng tại trại tạm giam' });
  });
});
