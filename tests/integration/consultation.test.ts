// Side rooms that are never recorded, over the real server: real RTP in (ffmpeg → PlainTransport
// producers, rtpFeed.ts) and out (loopback consumers counting packets, mediaReceiver.ts), the real
// Recorder with ffmpeg, SQLite. A private consultation: counsel and the defendant hear each other,
// the judge and the procurator cannot consume them, and no recorder runs and no segment is written
// for them while the courtroom goes on being recorded. The deliberation: the panel hears each other,
// the courtroom does not hear the panel, and nothing at all is written until the pronouncement.
import { createSocket } from 'node:dgram';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowing, mediaReceiver, type MediaReceiver } from '../support/mediaReceiver.js';
import { feedTestMedia, type RtpFeed } from '../support/rtpFeed.js';
import { createHearing, eventually, joinWith, type TestClient } from '../support/server.js';
import { useMediaServer } from '../support/mediaServer.js';

const fixture = useMediaServer();
const { clients, feeds, receivers } = fixture;

async function receiver(hearingId: string, participantId: string): Promise<MediaReceiver> {
  const rx = await mediaReceiver(fixture.server.running.media, hearingId, participantId);
  receivers.push(rx);
  return rx;
}

/** A hearing in session with everyone in `roles` admitted (the bench seats skip the lobby) and fed with real media. */
async function inSession<R extends 'judge' | 'panel_judge' | 'prosecutor' | 'counsel' | 'defendant'>(roles: R[], fed: R[]) {
  const { hearing, seats } = await createHearing(fixture.server, roles);
  const joined = {} as Record<R, TestClient>;
  const ids = {} as Record<R, string>;
  for (const role of roles) {
    const { client } = await joinWith(fixture.server.base, seats[role].token);
    clients.push(client);
    joined[role] = client;
    ids[role] = seats[role].participant.id;
  }
  const judge = joined['judge' as R];
  for (const role of roles) {
    const p = (await fixture.server.running.store.participants.get(ids[role]))!;
    if (p.status === 'lobby') await judge.ok({ type: 'lobby.admit', participantId: ids[role] });
  }
  await judge.ok({ type: 'hearing.transition', action: 'open' });
  await judge.ok({ type: 'hearing.transition', action: 'start' });
  const feedOf = {} as Record<R, RtpFeed>;
  for (const role of fed) {
    feedOf[role] = await feedTestMedia(fixture.server, hearing.id, ids[role]);
    feeds.push(feedOf[role]);
  }
  return { hearingId: hearing.id, clients: joined, judge, ids, feedOf };
}

function recording(hearingId: string) {
  const recorder = fixture.server.running.recorder;
  const running = (participantId: string) => recorder.processes(hearingId).filter((p) => p.participantId === participantId && p.pid);
  const segments = async (participantId: string) =>
    (await recorder.timeline(hearingId)).tracks.filter((t) => t.participantId === participantId).flatMap((t) => t.segments);
  /** The files under a participant's track directories, with their sizes: what is on disk for them. */
  const files = (feed: RtpFeed) =>
    [feed.audioProducerId, feed.videoProducerId].flatMap((producerId) => {
      const dir = join(recorder.index.rootDir, hearingId, 'tracks', producerId);
      return existsSync(dir) ? readdirSync(dir).map((f) => `${f}:${statSync(join(dir, f)).size}`) : [];
    });
  return { running, segments, files };
}

describe('a private consultation', () => {
  it('counsel and the defendant hear each other; the courtroom cannot listen, nothing of theirs is recorded, the courtroom still is', async () => {
    const { hearingId, judge, clients, ids, feedOf } = await inSession(
      ['judge', 'prosecutor', 'counsel', 'defendant'],
      ['prosecutor', 'counsel', 'defendant'],
    );
    const rec = recording(hearingId);
    for (const role of ['prosecutor', 'counsel', 'defendant'] as const) {
      await eventually(() => expect(rec.running(ids[role])).toHaveLength(2), { timeoutMs: 30_000, intervalMs: 100 });
    }

    const mark = judge.mark();
    const openedAt = Date.now();
    const { room } = await judge.ok({ type: 'consultation.open', participantIds: [ids.counsel, ids.defendant] });
    expect(room).toBe('consultation-1');
    // The recorder lets go of them: no capture runs for them from now on.
    await eventually(() => expect([...rec.running(ids.counsel), ...rec.running(ids.defendant)]).toEqual([]), {
      timeoutMs: 20_000,
      intervalMs: 100,
    });
    const stoppedAt = Date.now();
    const onDisk = { counsel: rec.files(feedOf.counsel), defendant: rec.files(feedOf.defendant) };

    // Inside, they hear each other.
    const atCounsel = await receiver(hearingId, ids.counsel);
    const atDefendant = await receiver(hearingId, ids.defendant);
    await atCounsel.consume(feedOf.defendant.audioProducerId);
    await atDefendant.consume(feedOf.counsel.audioProducerId);
    await flowing(atCounsel);
    await flowing(atDefendant);
    // Outside, the judge and the procurator cannot: refused, and they hold nothing of theirs.
    const atJudge = await receiver(hearingId, ids.judge);
    const atProsecutor = await receiver(hearingId, ids.prosecutor);
    for (const rx of [atJudge, atProsecutor]) {
      for (const feed of [feedOf.counsel, feedOf.defendant]) {
        await expect(rx.consume(feed.audioProducerId)).rejects.toMatchObject({ code: 'forbidden' });
        await expect(rx.consume(feed.videoProducerId)).rejects.toMatchObject({ code: 'forbidden' });
      }
    }
    await atJudge.consume(feedOf.prosecutor.audioProducerId);
    await flowing(atJudge);
    expect(atJudge.consuming()).toEqual([feedOf.prosecutor.audioProducerId]);
    expect(atProsecutor.consuming()).toEqual([]);
    // The judge was told their media closed, and of none since.
    const theirs = [feedOf.counsel, feedOf.defendant].flatMap((f) => [f.audioProducerId, f.videoProducerId]);
    const told = clients.judge.notifications.slice(mark);
    expect(told.flatMap((n) => (n.type === 'media.producerClosed' ? [n.producerId] : [])).sort()).toEqual([...theirs].sort());
    expect(told.filter((n) => n.type === 'media.producerAdded' && theirs.includes(n.producer.id))).toEqual([]);

    // While the courtroom goes on being recorded (a whole new segment of the procurator after the
    // opening), no recorder runs for them and not a byte is written for them.
    await eventually(
      async () => {
        expect([...rec.running(ids.counsel), ...rec.running(ids.defendant)]).toEqual([]);
        const after = (await rec.segments(ids.prosecutor)).filter((s) => s.startMs > stoppedAt && s.endMs !== null);
        expect(after.length).toBeGreaterThanOrEqual(2); // audio and video, or two in a row: a whole segment's time at least
        expect(Math.max(...after.map((s) => s.endMs!)) - stoppedAt).toBeGreaterThan(5_000);
        return true;
      },
      { timeoutMs: 40_000, intervalMs: 200 },
    );
    expect(rec.files(feedOf.counsel)).toEqual(onDisk.counsel);
    expect(rec.files(feedOf.defendant)).toEqual(onDisk.defendant);
    for (const s of [...(await rec.segments(ids.counsel)), ...(await rec.segments(ids.defendant))]) {
      expect(s.startMs).toBeLessThan(openedAt);
    }
    await flowing(atCounsel); // they still hear each other

    // Ended by counsel: back in the courtroom, they are recorded again.
    await clients.counsel.ok({ type: 'consultation.end', room: 'consultation-1' });
    const endedAt = Date.now();
    await eventually(() => expect(rec.running(ids.counsel)).toHaveLength(2), { timeoutMs: 30_000, intervalMs: 100 });
    await eventually(async () => expect((await rec.segments(ids.defendant)).some((s) => s.startMs >= endedAt - 1000)).toBe(true), {
      timeoutMs: 40_000,
      intervalMs: 200,
    });
    await atJudge.consume(feedOf.counsel.audioProducerId);
    const audit = (await fixture.server.running.store.audit.list(hearingId)).filter((e) => e.type.startsWith('consultation.'));
    expect(audit.map((e) => [e.type, e.data])).toEqual([
      ['consultation.opened', { room: 'consultation-1', participantIds: [ids.counsel, ids.defendant] }],
      ['consultation.ended', { room: 'consultation-1', participantIds: [ids.counsel, ids.defendant] }],
    ]);
  }, 180_000);
});

describe('the deliberation', () => {
  it('the panel hears each other in the deliberation room, the courtroom does not hear them, and nothing is written until the pronouncement', async () => {
    const { hearingId, judge, ids, feedOf } = await inSession(['judge', 'panel_judge', 'prosecutor'], ['judge', 'panel_judge']);
    const rec = recording(hearingId);
    const all = [ids.judge, ids.panel_judge];
    for (const id of all) await eventually(() => expect(rec.running(id)).toHaveLength(2), { timeoutMs: 30_000, intervalMs: 100 });
    await judge.ok({ type: 'hearing.transition', action: 'examine' });
    await judge.ok({ type: 'hearing.transition', action: 'argue' });
    await judge.ok({ type: 'hearing.transition', action: 'deliberate' });
    const deliberateAt = Date.now();
    await eventually(() => expect(all.flatMap((id) => rec.running(id))).toEqual([]), { timeoutMs: 20_000, intervalMs: 100 });
    const onDisk = () => [rec.files(feedOf.judge), rec.files(feedOf.panel_judge)];
    const before = onDisk();

    const atJudge = await receiver(hearingId, ids.judge);
    const atProsecutor = await receiver(hearingId, ids.prosecutor);
    await atJudge.consume(feedOf.panel_judge.audioProducerId);
    await expect(atProsecutor.consume(feedOf.judge.audioProducerId)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(atProsecutor.consume(feedOf.panel_judge.videoProducerId)).rejects.toMatchObject({ code: 'forbidden' });
    // The panel talks for longer than a segment (5 s, cut on the clock): no capture runs meanwhile.
    await flowing(atJudge);
    await eventually(
      () => {
        expect(all.flatMap((id) => rec.running(id))).toEqual([]);
        return Date.now() > deliberateAt + 7_000;
      },
      { timeoutMs: 30_000, intervalMs: 200 },
    );
    await flowing(atJudge);
    expect(onDisk()).toEqual(before);
    for (const id of all) for (const s of await rec.segments(id)) expect(s.startMs).toBeLessThan(deliberateAt);
    expect(atProsecutor.packets).toBe(0);

    // The pronouncement: everyone back in the courtroom, and recorded again.
    await judge.ok({ type: 'hearing.transition', action: 'pronounce' });
    const pronouncedAt = Date.now();
    for (const id of all) await eventually(() => expect(rec.running(id)).toHaveLength(2), { timeoutMs: 30_000, intervalMs: 100 });
    await eventually(async () => expect((await rec.segments(ids.judge)).some((s) => s.startMs >= pronouncedAt - 1000)).toBe(true), {
      timeoutMs: 40_000,
      intervalMs: 200,
    });
    await atProsecutor.consume(feedOf.judge.audioProducerId);
    await flowing(atProsecutor);
    const rooms = (await fixture.server.running.store.participants.listByHearing(hearingId)).map((p) => p.room ?? 'courtroom');
    expect(new Set(rooms)).toEqual(new Set(['courtroom']));
  }, 180_000);
});

describe('the recorder’s tap', () => {
  it('goes silent the moment its owner leaves the courtroom, and no new one opens until they are back', async () => {
    const { hearingId, ids, feedOf } = await inSession(['judge', 'counsel', 'defendant'], ['counsel']);
    const { media } = fixture.server.running;
    const socket = createSocket('udp4');
    let packets = 0;
    socket.on('message', () => packets++);
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    try {
      const rtpPort = socket.address().port;
      const tap = await media.openTap(hearingId, feedOf.counsel.audioProducerId, { ip: '127.0.0.1', rtpPort, rtcpPort: 9 });
      await tap.resume();
      await flowing({
        get packets() {
          return packets;
        },
      });
      // What the judge's command does at the SFU: from here on, not one packet more (a few in flight).
      media.setRooms(hearingId, [{ participantId: ids.counsel, room: 'consultation-1' }]);
      const room = await media.room(hearingId);
      const producer = room.peers.get(ids.counsel)!.producers.get(feedOf.counsel.audioProducerId)!;
      const received = async () => (await producer.getStats()).reduce((n, s) => n + s.packetCount, 0);
      const [atMove, producerAtMove] = [packets, await received()];
      await eventually(async () => (await received()) > producerAtMove + 50, { timeoutMs: 40_000, intervalMs: 200 });
      expect(packets - atMove).toBeLessThan(5);
      await tap.resume(); // a recorder resuming it changes nothing
      await expect(
        media.openTap(hearingId, feedOf.counsel.videoProducerId, { ip: '127.0.0.1', rtpPort, rtcpPort: 9 }),
      ).rejects.toMatchObject({
        code: 'forbidden',
      });
      tap.close();
      media.setRooms(hearingId, [{ participantId: ids.counsel, room: 'courtroom' }]);
      const again = await media.openTap(hearingId, feedOf.counsel.audioProducerId, { ip: '127.0.0.1', rtpPort, rtcpPort: 9 });
      await again.resume();
      await flowing({
        get packets() {
          return packets;
        },
      });
      again.close();
    } finally {
      socket.close();
    }
  }, 120_000);
});
