// A dying mediasoup worker is an event, not an exit: the real worker process is killed with
// SIGKILL while a hearing has media, and the server must carry on with a replacement.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TransportParams } from '../../core/protocol/signaling.js';
import { must } from '../support/must.js';
import {
  type AuditLog,
  createHearing,
  eventually,
  joinWith,
  OPUS_RTP_PARAMETERS,
  startTestServer,
  TestClient,
  type TestServer,
} from '../support/server.js';

let server: TestServer;
const clients: TestClient[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const c of clients) c.close();
  await server?.stop();
});

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('mediasoup worker death', () => {
  it('the server stays up, admitted clients get media.reset, and media works again on the replacement worker', async () => {
    const { hearing, seats } = await createHearing(server, ['judge', 'defendant', 'witness']);
    const judge = (await joinWith(server.base, seats.judge.token)).client;
    const defendant = (await joinWith(server.base, seats.defendant.token)).client;
    const witness = (await joinWith(server.base, seats.witness.token)).client; // stays in the lobby
    clients.push(judge, defendant, witness);
    await judge.ok({ type: 'lobby.admit', participantId: seats.defendant.participant.id });

    // Media is set up on the only worker: capabilities, transports and a producer.
    await judge.ok({ type: 'media.getRouterRtpCapabilities' });
    await judge.ok({ type: 'media.createTransport', direction: 'recv' });
    const send: TransportParams = await defendant.ok({ type: 'media.createTransport', direction: 'send' });
    const { producerId } = await defendant.ok({
      type: 'media.produce',
      transportId: send.id,
      kind: 'audio',
      rtpParameters: OPUS_RTP_PARAMETERS,
      source: 'mic',
    });
    expect(server.running.media.listProducers(hearing.id).map((p) => p.id)).toEqual([producerId]);

    const [worker] = server.running.pool.workers;
    const deadPid = must(worker, 'the media worker').pid;
    const marks = [judge.mark(), defendant.mark(), witness.mark()];
    process.kill(deadPid, 'SIGKILL');

    await judge.waitFor('media.reset', undefined, { after: marks[0] });
    await defendant.waitFor('media.reset', undefined, { after: marks[1] });
    // The producer that lived on the dead worker is gone.
    await judge.waitFor('media.producerClosed', (n) => n.producerId === producerId, { after: marks[0] });
    expect(server.running.media.listProducers(hearing.id)).toEqual([]);
    expect(isAlive(deadPid)).toBe(false);

    // The pool replaces the worker.
    await eventually(() => server.running.pool.workers.length === 1 && server.running.pool.workers[0]?.pid !== deadPid);
    const replacement = must(server.running.pool.workers[0], 'the replacement worker');
    expect(replacement.died).toBe(false);

    // The server is still up, and the sockets are still connected.
    const health = await server.api('GET', '/healthz', undefined, null);
    expect(health).toMatchObject({ status: 200, body: { ok: true, workers: 1 } });
    expect(judge.connected && defendant.connected && witness.connected).toBe(true);

    // Media works again, on a new router on the replacement worker.
    const { rtpCapabilities } = await judge.ok({ type: 'media.getRouterRtpCapabilities' });
    // Opaque on the wire (core/protocol/signaling.ts): mediasoup's RtpCapabilities.
    const caps = rtpCapabilities as { codecs: { mimeType: string }[] };
    expect(caps.codecs.map((c) => c.mimeType)).toContain('audio/opus');
    const fresh: TransportParams = await defendant.ok({ type: 'media.createTransport', direction: 'send' });
    expect(fresh.id).not.toBe(send.id);
    const again = await defendant.ok({
      type: 'media.produce',
      transportId: fresh.id,
      kind: 'audio',
      rtpParameters: OPUS_RTP_PARAMETERS,
      source: 'mic',
    });
    await judge.waitFor('media.producerAdded', (n) => n.producer.id === again.producerId);
    const room = await server.running.media.room(hearing.id);
    expect(room.worker.pid).toBe(replacement.pid);
    // The old transport died with its worker.
    expect(
      await defendant.request({
        type: 'media.produce',
        transportId: send.id,
        kind: 'audio',
        rtpParameters: OPUS_RTP_PARAMETERS,
        source: 'mic',
      }),
    ).toMatchObject({ ok: false, error: { code: 'not_found' } });

    // Who was told: admitted participants only; the reset is on the record.
    expect(witness.received('media.reset', marks[2])).toEqual([]);
    const audit = await server.api<AuditLog>('GET', `/api/hearings/${hearing.id}/audit`);
    expect(audit.body.events.find((e: { type: string }) => e.type === 'media.reset')).toMatchObject({
      actor: { kind: 'system' },
      data: { reason: expect.stringContaining(String(deadPid)) },
    });
    // The hearing itself is unaffected.
    expect(await judge.ok({ type: 'hearing.transition', action: 'open' })).toEqual({ state: 'open' });
  });

  it('a client that rebuilds its media the moment media.reset arrives (as the courtroom client does) succeeds', async () => {
    const { seats } = await createHearing(server, ['judge', 'defendant']);
    const judge = (await joinWith(server.base, seats.judge.token)).client;
    const defendant = (await joinWith(server.base, seats.defendant.token)).client;
    clients.push(judge, defendant);
    await judge.ok({ type: 'lobby.admit', participantId: seats.defendant.participant.id });
    await judge.ok({ type: 'media.createTransport', direction: 'recv' });

    // Ask again at once on media.reset, before anything else can happen.
    const rebuilt = new Promise<unknown>((resolve) => {
      judge.socket.on('notification', (n: { type: string }) => {
        if (n.type === 'media.reset') resolve(judge.request({ type: 'media.getRouterRtpCapabilities' }));
      });
    });
    const deadPid = must(server.running.pool.workers[0], 'the media worker').pid;
    process.kill(deadPid, 'SIGKILL');
    expect(await rebuilt).toMatchObject({ ok: true, data: { rtpCapabilities: expect.any(Object) } });
    expect((await judge.request({ type: 'media.createTransport', direction: 'recv' })).ok).toBe(true);
    expect((await server.running.media.room(seats.judge.participant.hearingId)).worker.pid).not.toBe(deadPid);
  });
});
