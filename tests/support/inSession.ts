// A hearing in session with the defendant's test media recorded: what the recorder's integration
// tests start from. Both tracks have finished a segment when this resolves: the recorders are
// running and past their start.
import { feedTestMedia, type RtpFeed } from './rtpFeed.js';
import { createHearing, eventually, joinWith, type TestClient, type TestServer } from './server.js';

/** `sink`: the test file's clients and feeds, closed and stopped by its own hooks. */
export async function inSessionWithMedia(server: TestServer, sink: { clients: TestClient[]; feeds: RtpFeed[] }) {
  const { hearing, seats } = await createHearing(server, ['judge', 'defendant']);
  const judge = await joinWith(server.base, seats.judge.token);
  const defendant = await joinWith(server.base, seats.defendant.token);
  sink.clients.push(judge.client, defendant.client);
  await judge.client.ok({ type: 'lobby.admit', participantId: seats.defendant.participant.id });
  const feed = await feedTestMedia(server, hearing.id, seats.defendant.participant.id);
  sink.feeds.push(feed);
  await judge.client.ok({ type: 'hearing.transition', action: 'open' });
  await judge.client.ok({ type: 'hearing.transition', action: 'start' });
  const recorder = server.running.recorder;
  await eventually(async () => (await recorder.timeline(hearing.id)).tracks.filter((t) => t.segments.length > 0).length === 2, {
    timeoutMs: 20_000,
  });
  return { hearingId: hearing.id, judge: judge.client, defendant: defendant.client, seats, feed, recorder };
}
