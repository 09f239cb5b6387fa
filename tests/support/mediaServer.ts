// One real server per integration test file, with what its tests feed it and listen with: the
// hooks that start it once, close every client, receiver and feed after each test, and stop it.
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { MediaReceiver } from './mediaReceiver.js';
import type { RtpFeed } from './rtpFeed.js';
import { startTestServer, type TestClient, type TestServer } from './server.js';

export interface MediaServerFixture {
  /** The running server (from beforeAll on). */
  readonly server: TestServer;
  /** Closed after each test. */
  readonly clients: TestClient[];
  /** Stopped after each test. */
  readonly feeds: RtpFeed[];
  /** Closed after each test. */
  readonly receivers: MediaReceiver[];
}

export function useMediaServer(): MediaServerFixture {
  let running: TestServer | undefined;
  const fixture = {
    get server(): TestServer {
      if (!running) throw new Error('The test server starts in beforeAll');
      return running;
    },
    clients: [] as TestClient[],
    feeds: [] as RtpFeed[],
    receivers: [] as MediaReceiver[],
  };
  beforeAll(async () => {
    running = await startTestServer();
  });
  afterAll(async () => {
    await running?.stop();
  });
  afterEach(async () => {
    for (const c of fixture.clients.splice(0)) c.close();
    for (const r of fixture.receivers.splice(0)) r.close();
    await Promise.all(fixture.feeds.splice(0).map((f) => f.stop()));
  });
  return fixture;
}
