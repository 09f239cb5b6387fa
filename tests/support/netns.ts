// A second network namespace for a test, joined to the test's own by a veth pair with a /30 of its
// own: a media node whose mediasoup workers run in there reaches the test's namespace only over
// that link, never over a shared loopback. Needs root (CAP_NET_ADMIN) and iproute2; unavailable()
// says why not. Workers are started in the namespace through mediasoup's launcher hook (the one
// meant for valgrind): `ip netns exec <ns> mediasoup-worker …`, which keeps the worker's pipes.
import { spawnSync } from 'node:child_process';

const IP = process.env.VCOURT_TEST_IP ?? '/usr/sbin/ip';

function ip(...args: string[]): void {
  const r = spawnSync(IP, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${r.error?.message ?? r.stderr.trim()}`);
}

/** Why a namespace cannot be made here, or undefined when it can. */
export function netnsUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root (ip netns needs CAP_NET_ADMIN)';
  const r = spawnSync(IP, ['netns', 'list'], { encoding: 'utf8' });
  return r.status === 0 ? undefined : `ip netns does not work here: ${r.error?.message ?? r.stderr.trim()}`;
}

export interface NetnsLink {
  /** The namespace's name (ip netns). */
  readonly name: string;
  /** The address on the test's side of the link. */
  readonly hostIp: string;
  /** The address inside the namespace. */
  readonly nsIp: string;
  /** Runs `start` with mediasoup's workers launched inside the namespace (only those it creates). */
  withWorkersInside<T>(start: () => Promise<T>): Promise<T>;
  /** Deletes the namespace and the link; idempotent. */
  remove(): void;
}

/** Makes the namespace and its link, named and numbered after this process so parallel runs do not meet. */
export function createNetnsLink(): NetnsLink {
  const n = process.pid % 16_384;
  const net = `10.233.${n >> 6}.${(n % 64) * 4}`.split('.').map(Number);
  const at = (last: number) => [...net.slice(0, 3), net[3]! + last].join('.');
  const name = `vcourt-${process.pid}`;
  const host = `vc${process.pid}h`;
  const inside = `vc${process.pid}n`;
  const link: NetnsLink = {
    name,
    hostIp: at(1),
    nsIp: at(2),
    async withWorkersInside(start) {
      const keys = ['MEDIASOUP_USE_VALGRIND', 'MEDIASOUP_VALGRIND_BIN', 'MEDIASOUP_VALGRIND_OPTIONS'] as const;
      const saved = keys.map((k) => process.env[k]);
      Object.assign(process.env, {
        MEDIASOUP_USE_VALGRIND: 'true',
        MEDIASOUP_VALGRIND_BIN: IP,
        MEDIASOUP_VALGRIND_OPTIONS: `netns exec ${name}`,
      });
      try {
        return await start();
      } finally {
        keys.forEach((k, i) => (saved[i] === undefined ? delete process.env[k] : (process.env[k] = saved[i])));
      }
    },
    remove() {
      spawnSync(IP, ['netns', 'del', name]); // takes its end of the pair, and so the pair, with it
      spawnSync(IP, ['link', 'del', host]);
    },
  };
  try {
    ip('netns', 'add', name);
    ip('link', 'add', host, 'type', 'veth', 'peer', 'name', inside);
    ip('link', 'set', inside, 'netns', name);
    ip('addr', 'add', `${link.hostIp}/30`, 'dev', host);
    ip('link', 'set', host, 'up');
    ip('-n', name, 'addr', 'add', `${link.nsIp}/30`, 'dev', inside);
    ip('-n', name, 'link', 'set', inside, 'up');
    ip('-n', name, 'link', 'set', 'lo', 'up');
  } catch (error) {
    link.remove();
    throw error;
  }
  return link;
}
