// `media.restartIce` on a real server and mediasoup worker: the asker gets new ICE credentials for
// their own transport, which keeps its producers (the recording goes on in the same track file);
// another participant's transport, an unknown id, or an RTP ingest's plain transport are refused
// with a clear error and nothing changes.
import { describe, expect, it } from 'vitest';
import { createHearing, OPUS_RTP_PARAMETERS } from '../support/server.js';
import { useTestServer } from '../support/useTestServer.js';

const ctx = useTestServer();

interface IceParameters {
  usernameFragment: string;
  password: string;
}

async function hearingWithDefendantAndWitness() {
  const { hearing, seats } = await createHearing(ctx.server, ['judge', 'defendant', 'witness']);
  const judge = (await ctx.join(seats.judge.token)).client;
  const defendant = (await ctx.join(seats.defendant.token)).client;
  const witness = (await ctx.join(seats.witness.token)).client;
  await judge.ok({ type: 'lobby.admit', participantId: seats.defendant.participant.id });
  await judge.ok({ type: 'lobby.admit', participantId: seats.witness.participant.id });
  return { hearing, seats, judge, defendant, witness };
}

describe('media.restartIce through a real server', () => {
  it('returns new ICE parameters for the asker’s own transport, whose producer stays the same; the bench hears of the loss', async () => {
    const { hearing, seats, judge, defendant, witness } = await hearingWithDefendantAndWitness();
    const send = await defendant.ok({ type: 'media.createTransport', direction: 'send' });
    const { producerId } = await defendant.ok({
      type: 'media.produce',
      transportId: send.id,
      kind: 'audio',
      rtpParameters: { ...OPUS_RTP_PARAMETERS, mid: '0', encodings: [{ ssrc: 4242 }] },
      source: 'mic',
    });
    const before = send.iceParameters as IceParameters;

    const first = (await defendant.ok({ type: 'media.restartIce', transportId: send.id })).iceParameters as IceParameters;
    const second = (await defendant.ok({ type: 'media.restartIce', transportId: send.id })).iceParameters as IceParameters;
    expect(first.usernameFragment).toEqual(expect.any(String));
    expect(first.password).toEqual(expect.any(String));
    expect(new Set([before.usernameFragment, first.usernameFragment, second.usernameFragment]).size).toBe(3);
    expect(first.password).not.toBe(before.password);

    // Same transport, same producer: nothing was rebuilt.
    const room = await ctx.server.running.media.room(hearing.id);
    expect((await room.router.dump()).transportIds).toContain(send.id);
    expect(ctx.server.running.media.listProducers(hearing.id).map((p) => p.id)).toEqual([producerId]);

    // A client restarts only once it has lost its connection: the bench is told, the others are not.
    const lost = await judge.waitFor('participant.media', (n) => n.participantId === seats.defendant.participant.id);
    expect(lost).toMatchObject({ state: 'lost', at: expect.any(String) });
    expect(witness.received('participant.media')).toEqual([]);
  });

  it('refuses another participant’s transport and unknown ids as not_found, changing nothing', async () => {
    const { hearing, defendant, witness } = await hearingWithDefendantAndWitness();
    const theirs = await witness.ok({ type: 'media.createTransport', direction: 'recv' });
    const mine = await defendant.ok({ type: 'media.createTransport', direction: 'recv' });

    for (const transportId of [theirs.id, 'no-such-transport']) {
      const reply = await defendant.request({ type: 'media.restartIce', transportId });
      expect(reply).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringMatching(/Transport/) } });
    }
    // The witness's credentials were not touched: their own restart still starts from the original.
    const room = await ctx.server.running.media.room(hearing.id);
    const dump = (await room.router.dump()).transportIds;
    expect(dump).toEqual(expect.arrayContaining([theirs.id, mine.id]));
    const witnessIce = await witness.ok({ type: 'media.restartIce', transportId: theirs.id });
    expect((witnessIce.iceParameters as IceParameters).usernameFragment).not.toBe((theirs.iceParameters as IceParameters).usernameFragment);
  });

  it('is invalid_input for a malformed id and refused for someone not admitted', async () => {
    const { seats } = await createHearing(ctx.server, ['judge', 'defendant']);
    await ctx.join(seats.judge.token);
    const defendant = (await ctx.join(seats.defendant.token)).client;
    expect(await defendant.request({ type: 'media.restartIce', transportId: '' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    // In the lobby: no media at all, so nothing to restart.
    expect(await defendant.request({ type: 'media.restartIce', transportId: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_state' },
    });
  });
});
