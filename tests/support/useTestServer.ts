// The per-file lifecycle most integration tests share: one real server for the file, every
// socket opened through join() closed after each test.
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { HearingSnapshot } from '../../core/protocol/model.js';
import { joinWith, startTestServer, type TestClient, type TestServer, type TestServerOptions } from './server.js';

export function useTestServer(options: TestServerOptions = {}) {
  let server: TestServer | undefined;
  const clients: TestClient[] = [];
  beforeAll(async () => {
    server = await startTestServer(options);
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
  });
  afterAll(async () => {
    await server?.stop();
  });
  return {
    get server(): TestServer {
      if (!server) throw new Error('the test server is not started yet (use it inside tests or hooks)');
      return server;
    },
    /** Close this socket after the test. */
    closeAfter(client: TestClient): TestClient {
      clients.push(client);
      return client;
    },
    /** Connect with an invitation and join; the socket is closed after the test. */
    async join(token: string) {
      const joined = await joinWith(this.server.base, token);
      clients.push(joined.client);
      return joined as { client: TestClient; snapshot: HearingSnapshot };
    },
  };
}
