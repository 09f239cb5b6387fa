// The records on a database that several nodes share (two real vcourt nodes, PostgreSQL,
// redis-server): a node that starts recovers only the records of hearings it served or whose node
// is gone (a live node's build in progress is left alone), and one node sweeps expired records at a time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlRecordStore } from '../../server/store/SqlRecordStore.js';
import { startTwoNodes, type TwoNodes } from '../support/cluster.js';
import { createHearing, type TestServer } from '../support/server.js';

let nodes: TwoNodes;
let a: TestServer;
let records: SqlRecordStore;

beforeAll(async () => {
  nodes = await startTwoNodes();
  a = nodes.a;
  records = new SqlRecordStore(a.running.store.db);
}, 120_000);

afterAll(() => nodes?.stop());

/** A hearing (through A) whose record is being built, by the node on record as serving it. */
async function building(servedBy: string): Promise<string> {
  const { hearing } = await createHearing(a, ['judge']);
  await a.running.store.settings.set(`hearing.node:${hearing.id}`, servedBy);
  expect(await records.begin(hearing.id, new Date().toISOString())).toBe(true);
  return hearing.id;
}

describe('records on a shared database', () => {
  it("fails at start only the interrupted builds of hearings this node served or whose node is gone, never a live node's", async () => {
    const live = await building('node-b');
    const gone = await building('node-gone');
    const own = await building('node-c'); // node C's previous run was building it when it stopped
    await nodes.another('node-c');
    expect((await records.get(live))?.status).toBe('building');
    expect((await records.get(gone))?.status).toBe('failed');
    expect((await records.get(own))?.status).toBe('failed');
  });

  it('sweeps expired records on one node at a time', async () => {
    const { hearing } = await createHearing(a, ['judge']);
    const past = new Date(Date.now() - 60_000).toISOString();
    await records.begin(hearing.id, past);
    await records.ready(hearing.id, { dir: '/nonexistent', manifestSha256: 'x', completedAt: past, retainUntil: past });

    // Another node's sweep is under way: this one is skipped.
    await nodes.observer.client.set('vcourt:alone:retention-sweep', 'node-b/1/1', { PX: 60_000 });
    expect(await a.running.archive.sweep()).toEqual([]);
    expect((await records.get(hearing.id))?.status).toBe('ready');

    await nodes.observer.client.del('vcourt:alone:retention-sweep');
    expect(await a.running.archive.sweep()).toEqual([hearing.id]);
    expect((await records.get(hearing.id))?.status).toBe('deleted');
    // The lock is given back when the sweep ends.
    expect(await nodes.observer.client.get('vcourt:alone:retention-sweep')).toBeNull();
  });
});
