// The witness room over the real server: real RTP in (ffmpeg → PlainTransport producers, rtpFeed.ts)
// and out (a participant's loopback PlainTransport consumer sending to a UDP socket of this test),
// the real Recorder and SQLite. Media follows the room: nothing crosses until the judge calls the
// witness in, it flows both ways while they testify, and stops when they are sent back; the record
// holds the witness only while in the courtroom, with a left_courtroom gap for the time outside.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowing, mediaReceiver, type MediaReceiver } from '../support/mediaReceiver.js';
import { feedTestMedia } from '../support/rtpFeed.js';
import { createHearing, eventually, joinWith } from '../support/server.js';
import { useMediaServer } from '../support/mediaServer.js';

const fixture = useMediaServer();
const { clients, feeds, receivers } = fixture;

async function receiver(hearingId: string, participantId: string): Promise<MediaReceiver> {
  const rx = await mediaReceiver(fixture.server.running.media, hearingId, participantId);
  receivers.push(rx);
  return rx;
}

async function hearingWithWitness() {
  const { hearing, seats } = await createHearing(fixture.server, ['judge', 'defendant', 'witness']);
  const judge = await joinWith(fixture.server.base, seats.judge.token);
  const defendant = await joinWith(fixture.server.base, seats.defendant.token);
  const witness = await joinWith(fixture.server.base, seats.witness.token);
  clients.push(judge.client, defendant.client, witness.client);
  const ids = { judge: seats.judge.participant.id, defendant: seats.defendant.participant.id, witness: seats.witness.participant.id };
  await judge.client.ok({ type: 'lobby.admit', participantId: ids.defendant });
  await judge.client.ok({ type: 'lobby.admit', participantId: ids.witness });
  // Every media request tells the SFU where its sender is: the witness's first one places them in the witness room.
  await witness.client.ok({ type: 'media.getRouterRtpCapabilities' });
  await judge.client.ok({ type: 'hearing.transition', action: 'open' });
  await judge.client.ok({ type: 'hearing.transition', action: 'start' });
  const defendantFeed = await feedTestMedia(fixture.server, hearing.id, ids.defendant);
  const witnessFeed = await feedTestMedia(fixture.server, hearing.id, ids.witness);
  feeds.push(defendantFeed, witnessFeed);
  return { hearingId: hearing.id, judge: judge.client, witness: witness.client, ids, defendantFeed, witnessFeed };
}

describe('the witness room', () => {
  it('keeps the witness and the courtroom apart until called, lets media flow while they testify, and records only the courtroom', async () => {
    const { hearingId, judge, ids, defendantFeed, witnessFeed } = await hearingWithWitness();
    const recorder = fixture.server.running.recorder;
    const witnessTracks = async () => (await recorder.timeline(hearingId)).tracks.filter((t) => t.participantId === ids.witness);
    const trackDir = (producerId: string) => join(recorder.index.rootDir, hearingId, 'tracks', producerId);

    // Waiting outside: neither side can consume the other's media, and the record has no witness track.
    const atWitness = await receiver(hearingId, ids.witness);
    const atJudge = await receiver(hearingId, ids.judge);
    await expect(atWitness.consume(defendantFeed.audioProducerId)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(atJudge.consume(witnessFeed.audioProducerId)).rejects.toMatchObject({ code: 'forbidden' });
    await eventually(
      () => expect(recorder.processes(hearingId).filter((p) => p.participantId === ids.defendant && p.pid)).toHaveLength(2),
      {
        timeoutMs: 20_000,
      },
    );
    expect(recorder.processes(hearingId).filter((p) => p.participantId === ids.witness)).toEqual([]);
    expect(existsSync(trackDir(witnessFeed.audioProducerId))).toBe(false);
    expect(atWitness.packets + atJudge.packets).toBe(0);

    // Called in: media flows both ways and the witness is recorded.
    await judge.ok({ type: 'room.move', participantId: ids.witness, room: 'courtroom' });
    await atWitness.consume(defendantFeed.audioProducerId);
    await atJudge.consume(witnessFeed.audioProducerId);
    await flowing(atWitness);
    await flowing(atJudge);
    await eventually(async () => expect((await witnessTracks()).flatMap((t) => t.segments).length).toBeGreaterThan(0), {
      timeoutMs: 30_000,
    });

    // Sent back: the consumers across rooms are closed, nothing more arrives, and the recorder stops the witness.
    const mark = judge.mark();
    await judge.ok({ type: 'room.move', participantId: ids.witness, room: 'witness' });
    await judge.waitFor('media.producerClosed', (n) => n.producerId === witnessFeed.audioProducerId, { after: mark });
    await eventually(() => expect([...atWitness.consuming(), ...atJudge.consuming()]).toEqual([]));
    await eventually(() => expect(recorder.processes(hearingId).filter((p) => p.participantId === ids.witness && p.pid)).toEqual([]), {
      timeoutMs: 20_000,
    });
    const stoppedAt = { witness: atWitness.packets, judge: atJudge.packets };
    await expect(atJudge.consume(witnessFeed.audioProducerId)).rejects.toMatchObject({ code: 'forbidden' });
    // Packets already in flight may land; a second later nothing more does.
    await new Promise((r) => setTimeout(r, 1000));
    expect(atWitness.packets - stoppedAt.witness).toBeLessThan(5);
    expect(atJudge.packets - stoppedAt.judge).toBeLessThan(5);

    // Called in again: the time outside is a left_courtroom gap in the record, not an outage.
    await judge.ok({ type: 'room.move', participantId: ids.witness, room: 'courtroom' });
    await eventually(
      async () =>
        expect(
          (await recorder.index.gaps(hearingId)).filter((g) => g.cause === 'left_courtroom' && g.participantId === ids.witness).length,
        ).toBeGreaterThan(0),
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    const moves = (await fixture.server.running.store.audit.list(hearingId)).filter((e) => e.type === 'room.moved');
    expect(moves.map((e) => e.data)).toMatchObject([
      { participantId: ids.witness, from: 'witness', to: 'courtroom' },
      { participantId: ids.witness, from: 'courtroom', to: 'witness' },
      { participantId: ids.witness, from: 'witness', to: 'courtroom' },
    ]);
  });
});

describe('waiting in the witness room', () => {
  it('each witness waits alone: another witness (an expert) cannot receive them, nor the courtroom', async () => {
    const { hearing, seats } = await createHearing(fixture.server, ['judge', 'witness', 'expert']);
    const judge = await joinWith(fixture.server.base, seats.judge.token);
    const witness = await joinWith(fixture.server.base, seats.witness.token);
    const expert = await joinWith(fixture.server.base, seats.expert.token);
    clients.push(judge.client, witness.client, expert.client);
    const ids = { judge: seats.judge.participant.id, witness: seats.witness.participant.id, expert: seats.expert.participant.id };
    await judge.client.ok({ type: 'lobby.admit', participantId: ids.witness });
    await judge.client.ok({ type: 'lobby.admit', participantId: ids.expert });
    await witness.client.ok({ type: 'media.getRouterRtpCapabilities' });
    await expert.client.ok({ type: 'media.getRouterRtpCapabilities' });
    const mark = expert.client.mark();
    const feed = await feedTestMedia(fixture.server, hearing.id, ids.witness);
    feeds.push(feed);
    const atExpert = await receiver(hearing.id, ids.expert);
    const atJudge = await receiver(hearing.id, ids.judge);
    await expect(atExpert.consume(feed.audioProducerId)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(atJudge.consume(feed.videoProducerId)).rejects.toMatchObject({ code: 'forbidden' });
    expect([...atExpert.consuming(), ...atJudge.consuming()]).toEqual([]);
    // Nobody was even told of the witness's media (the judge sees where they are, not what they send).
    await judge.client.ok({ type: 'room.move', participantId: ids.expert, room: 'courtroom' });
    expect(expert.client.notifications.slice(mark).filter((n) => n.type === 'media.producerAdded')).toEqual([]);
    expect(atExpert.packets + atJudge.packets).toBe(0);
  });
});
