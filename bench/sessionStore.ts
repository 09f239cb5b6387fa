// B5 part 3 (bench/session800.ts): what one join costs the store, on SQLite and on PostgreSQL with
// Redis. The same sequence on each, one join at a time so that nothing waits behind another:
// the clerk's invitations first, then per join the link's verification, HearingService.join (the
// lobby) and the judge's admit, and with Redis the participant's presence (NodeRegistry.present,
// what a socket's connection writes). No media. Statements are counted on the store's Db (every
// all/get/run), Redis commands from INFO (less the background rate: lease renewals, the node's
// presence, the socket.io adapter's stream reads), and the hearing leases acquired and released.
import { rmSync } from 'node:fs';
import type { Db } from '../server/store/sql/Db.js';
import type { RunningVcourt } from '../server/main.js';
import { spread, startBenchServer, type Spread } from './support.js';
import { openHearing } from './sessionLoad.js';

export interface StoreResult {
  backend: string;
  joins: number;
  failed: number;
  inviteMs: Spread;
  joinMs: Spread;
  /** Statements per invitation and per join (all, get and run on the Db; a transaction's own BEGIN/COMMIT not counted). */
  statementsPerInvite: number;
  statementsPerJoin: number;
  presenceMs?: Spread;
  redisCommandsPerJoin?: number;
  leaseAcquireMs?: Spread;
  leaseReleaseMs?: Spread;
}

/** Counts the statements the stores send to the database, from now on. */
function countStatements(db: Db): () => number {
  let n = 0;
  const target = db as unknown as Record<'all' | 'get' | 'run', (...args: unknown[]) => unknown>;
  for (const m of ['all', 'get', 'run'] as const) {
    const original = target[m].bind(db);
    target[m] = (...args: unknown[]) => {
      n++;
      return original(...args);
    };
  }
  return () => n;
}

async function redisCommands(vcourt: RunningVcourt): Promise<number> {
  const info = await vcourt.cluster!.redis.client.info('stats');
  return Number(/total_commands_processed:(\d+)/.exec(info)?.[1] ?? NaN);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `env`: VCOURT_DATABASE_URL and VCOURT_REDIS_URL for PostgreSQL with Redis; empty for SQLite. */
export async function storePhase(backend: string, env: NodeJS.ProcessEnv, joins: number, leases: number): Promise<StoreResult> {
  const vcourt = await startBenchServer(1, env);
  try {
    const statements = countStatements(vcourt.store.db as Db);
    const h = await openHearing(vcourt, `B5 store ${backend}`);
    const inviteMs: number[] = [];
    const s0 = statements();
    const invited = [];
    for (let i = 0; i < joins; i++) {
      const t0 = performance.now();
      invited.push(await h.invite('observer', `Điểm cầu ${i + 1}`));
      inviteMs.push(performance.now() - t0);
    }
    const s1 = statements();
    const cluster = vcourt.cluster;
    // The background rate of Redis commands, subtracted from the joins' count.
    let idleRate = 0;
    if (cluster) {
      const r0 = await redisCommands(vcourt);
      const t = performance.now();
      await sleep(2000);
      idleRate = ((await redisCommands(vcourt)) - r0 - 1) / (performance.now() - t);
    }
    const r0 = cluster ? await redisCommands(vcourt) : 0;
    const tJoins = performance.now();
    const joinMs: number[] = [];
    const presenceMs: number[] = [];
    let failed = 0;
    for (const [i, p] of invited.entries()) {
      try {
        const t0 = performance.now();
        const { participant } = await vcourt.access.participant(p.token);
        const ref = { hearingId: h.id, participantId: participant.id };
        await vcourt.service.join(ref);
        await vcourt.service.admit(h.judge, participant.id);
        joinMs.push(performance.now() - t0);
        if (cluster?.registry) {
          const t1 = performance.now();
          await cluster.registry.present(h.id, participant.id, `b5-${i}`);
          presenceMs.push(performance.now() - t1);
        }
      } catch (error) {
        failed++;
        if (failed <= 3) console.error(`  store ${backend}: join ${i} failed:`, (error as Error).message);
      }
    }
    const s2 = statements();
    const result: StoreResult = {
      backend,
      joins,
      failed,
      inviteMs: spread(inviteMs),
      joinMs: spread(joinMs),
      statementsPerInvite: (s1 - s0) / Math.max(1, joins),
      statementsPerJoin: (s2 - s1) / Math.max(1, joins - failed),
    };
    if (cluster) {
      const commands = (await redisCommands(vcourt)) - r0 - 1 - idleRate * (performance.now() - tJoins);
      result.presenceMs = spread(presenceMs);
      result.redisCommandsPerJoin = commands / Math.max(1, joins - failed);
      // A lease per hearing: acquired when it opens, released at adjournment (ClusterNode.followHearings).
      const acquire: number[] = [];
      const release: number[] = [];
      for (let i = 0; i < leases; i++) {
        const id = `b5-lease-${Date.now().toString(36)}-${i}`;
        const t0 = performance.now();
        await cluster.leases.acquire(id);
        acquire.push(performance.now() - t0);
        const t1 = performance.now();
        await cluster.leases.release(id);
        release.push(performance.now() - t1);
      }
      result.leaseAcquireMs = spread(acquire);
      result.leaseReleaseMs = spread(release);
    }
    return result;
  } finally {
    await vcourt.close();
    rmSync(vcourt.config.dataDir, { recursive: true, force: true });
  }
}
