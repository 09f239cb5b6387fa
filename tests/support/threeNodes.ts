// Three vcourt nodes, each a process in a network namespace of its own, on one PostgreSQL and one
// redis-server in the test's namespace. A bridge there joins them: the test's side holds .1 of a
// private /24 and each namespace a veth pair's end with an address of its own (.2, .3, .4), so
// nodes reach the databases, each other and the test only over those links, never over a shared
// loopback. Each node's public URL and RTC address are its namespace address. Everything is made
// under names that carry this process's id and removed by stop(), or at exit if stop() never ran.
import { spawnSync } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HearingLeases } from '../../server/cluster/HearingLeases.js';
import { NodeRegistry } from '../../server/cluster/NodeRegistry.js';
import { RedisConnection } from '../../server/cluster/RedisConnection.js';
import { netnsUnavailable } from './netns.js';
import { startPostgres, type TestPostgres } from './postgres.js';
import { RedisServer } from './redis.js';
import { VcourtProcess } from './vcourtProcess.js';

const IP = process.env.VCOURT_TEST_IP ?? '/usr/sbin/ip';
const PORT = 8080; // each node has a namespace, and so a port space, of its own
export const NODE_NAMES = ['a', 'b', 'c'] as const;
export type NodeName = (typeof NODE_NAMES)[number];

export interface NodeInNamespace {
  readonly id: string;
  /** Its address, in its namespace. */
  readonly ip: string;
  readonly netns: string;
  readonly process: VcourtProcess;
  readonly url: string;
}

export interface ThreeNodes {
  /** The test's address on the bridge: where the databases listen and media is sent from and to. */
  readonly hostIp: string;
  readonly nodes: Record<NodeName, NodeInNamespace>;
  /** Reads leases and live nodes as any other node would. */
  readonly leases: HearingLeases;
  readonly registry: NodeRegistry;
  stop(): Promise<void>;
}

function ip(...args: string[]): void {
  const r = spawnSync(IP, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${r.error?.message ?? r.stderr.trim()}`);
}

/** The bridge, the namespaces and their links; remove() takes them all (idempotent, synchronous for exit). */
function createNetwork() {
  const why = netnsUnavailable();
  if (why) throw new Error(`three nodes need network namespaces, and ${why}: run this test as root with iproute2`);
  const pid = process.pid;
  const subnet = `10.234.${(pid % 250) + 1}`;
  const bridge = `vcb${pid}`;
  const netns = (n: NodeName) => `vcourt3-${pid}-${n}`;
  const hostEnd = (n: NodeName) => `vc${pid}${n}`;
  const remove = () => {
    for (const n of NODE_NAMES) {
      spawnSync(IP, ['netns', 'del', netns(n)]); // its end of the pair, and so the pair, goes with it
      spawnSync(IP, ['link', 'del', hostEnd(n)]);
    }
    spawnSync(IP, ['link', 'del', bridge]);
  };
  try {
    ip('link', 'add', bridge, 'type', 'bridge');
    ip('addr', 'add', `${subnet}.1/24`, 'dev', bridge);
    ip('link', 'set', bridge, 'up');
    NODE_NAMES.forEach((n, i) => {
      const inside = `${hostEnd(n)}n`;
      ip('netns', 'add', netns(n));
      ip('link', 'add', hostEnd(n), 'type', 'veth', 'peer', 'name', inside);
      ip('link', 'set', inside, 'netns', netns(n));
      ip('link', 'set', hostEnd(n), 'master', bridge);
      ip('link', 'set', hostEnd(n), 'up');
      ip('-n', netns(n), 'addr', 'add', `${subnet}.${i + 2}/24`, 'dev', inside);
      ip('-n', netns(n), 'link', 'set', inside, 'up');
      ip('-n', netns(n), 'link', 'set', 'lo', 'up');
    });
  } catch (error) {
    remove();
    throw error;
  }
  return {
    hostIp: `${subnet}.1`,
    subnet: `${subnet}.0/24`,
    netns,
    nodeIp: (n: NodeName) => `${subnet}.${NODE_NAMES.indexOf(n) + 2}`,
    remove,
  };
}

export async function startThreeNodes({ leaseMs }: { leaseMs: number }): Promise<ThreeNodes> {
  const network = createNetwork();
  process.once('exit', network.remove);
  let postgres: TestPostgres | undefined;
  let redis: RedisServer | undefined;
  let observer: RedisConnection | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'vcourt-three-nodes-'));
  const started: VcourtProcess[] = [];
  const stop = async () => {
    await Promise.all(started.map((p) => p.kill()));
    await observer?.close();
    await Promise.allSettled([redis?.stop(), postgres?.stop()]);
    rmSync(dataDir, { recursive: true, force: true });
    network.remove();
    process.off('exit', network.remove);
  };
  try {
    const { hostIp } = network;
    [postgres, redis] = await Promise.all([
      startPostgres(30_000, { alsoOn: { address: hostIp, clients: network.subnet } }),
      RedisServer.start({ alsoOn: hostIp }),
    ]);
    observer = await RedisConnection.connect({ url: redis.url, log: () => undefined });
    const databaseUrl = (await postgres.createDatabase()).replace('@127.0.0.1:', `@${hostIp}:`);
    const redisUrl = redis.url.replace('127.0.0.1', hostIp);
    const start = async (n: NodeName): Promise<NodeInNamespace> => {
      const nodeIp = network.nodeIp(n);
      const url = `http://${nodeIp}:${PORT}`;
      const env = {
        VCOURT_DATABASE_URL: databaseUrl,
        VCOURT_REDIS_URL: redisUrl,
        VCOURT_NODE_ID: `node-${n}`,
        VCOURT_LEASE_MS: String(leaseMs),
        VCOURT_PRESENCE_TTL_MS: String(leaseMs),
        VCOURT_PUBLIC_URL: url,
        VCOURT_RTC_LISTEN_IP: nodeIp,
      };
      const p = await VcourtProcess.start(dataDir, PORT, env, 60_000, { netns: network.netns(n), host: nodeIp });
      started.push(p);
      return { id: `node-${n}`, ip: nodeIp, netns: network.netns(n), process: p, url };
    };
    // The first creates the schema and the admin; the others start on it together.
    const a = await start('a');
    const [b, c] = await Promise.all([start('b'), start('c')]);
    return {
      hostIp,
      nodes: { a, b, c },
      leases: new HearingLeases({ client: observer.client, nodeId: 'observer', leaseMs }),
      registry: new NodeRegistry({
        client: observer.client,
        nodeId: 'observer',
        url: '',
        ttlMs: leaseMs,
        load: () => ({ hearings: 0, participants: 0 }),
      }),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A receiver's socket in the test's namespace: RTP packets by SSRC (RTCP aside). */
export class RtpSink {
  readonly #socket: Socket = createSocket('udp4');
  readonly #counts = new Map<number, number>();

  static async open(hostIp: string): Promise<RtpSink> {
    const sink = new RtpSink();
    sink.#socket.on('message', (msg) => {
      if (msg.length < 12 || (msg[1]! >= 200 && msg[1]! <= 204)) return;
      const ssrc = msg.readUInt32BE(8);
      sink.#counts.set(ssrc, (sink.#counts.get(ssrc) ?? 0) + 1);
    });
    await new Promise<void>((resolve) => sink.#socket.bind(0, hostIp, resolve));
    return sink;
  }

  /** One RTP header to a comedia transport, which then sends its consumers' media here. */
  punch(ip: string, port: number): Promise<void> {
    const hello = Buffer.from([0x80, 0x7f, 0, 1, 0, 0, 0, 0, 0x0b, 0xad, 0xca, 0xfe]);
    return new Promise((resolve, reject) => this.#socket.send(hello, port, ip, (e) => (e ? reject(e) : resolve())));
  }

  counts(): Map<number, number> {
    return new Map(this.#counts);
  }

  close(): void {
    this.#socket.close();
  }
}
