// A bandwidth cap on one media path inside the test's loopback namespace. The kernel here has htb
// and the u32 classifier (no netem, no iptables): an htb root on `lo` sends everything through a
// wide default class, and one UDP flow, picked by its source address and port (the server's end of
// one receive transport), through a narrow class with a short queue, like a slow access link.
// Needs root in the namespace (scripts/e2e.sh maps it). Only one cap at a time per namespace.
import { execFileSync } from 'node:child_process';

function tc(...args: string[]): void {
  execFileSync('tc', args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 10_000 });
}

export class RateCap {
  #on = false;

  /** Caps UDP packets from `ip`:`port` to `kbit` kbit/s; a queue of `queuePackets` (~0.5 s at 300 kbit/s) then drops. */
  on(ip: string, port: number, kbit: number, queuePackets = 16): void {
    if (this.#on) throw new Error('a cap is already on');
    tc('qdisc', 'add', 'dev', 'lo', 'root', 'handle', '1:', 'htb', 'default', '10');
    this.#on = true;
    // Explicit quanta: htb's default (rate / r2q) is out of range at both ends and only warns.
    tc('class', 'add', 'dev', 'lo', 'parent', '1:', 'classid', '1:10', 'htb', 'rate', '10gbit', 'quantum', '200000');
    const narrow = ['htb', 'rate', `${kbit}kbit`, 'ceil', `${kbit}kbit`, 'quantum', '1514'];
    tc('class', 'add', 'dev', 'lo', 'parent', '1:', 'classid', '1:20', ...narrow);
    tc('qdisc', 'add', 'dev', 'lo', 'parent', '1:20', 'handle', '20:', 'pfifo', 'limit', String(queuePackets));
    // u32 matches the first IPv4 header; ip protocol 17 keeps a TCP candidate on the same port out.
    const filter = `filter add dev lo parent 1: protocol ip prio 1 u32 match ip protocol 17 0xff match ip src ${ip}/32 match ip sport ${port} 0xffff flowid 1:20`;
    tc(...filter.split(' '));
  }

  /** Packets sent and dropped by the narrow class so far (to show the cap really bit). */
  stats(): { sentBytes: number; dropped: number } {
    const out = execFileSync('tc', ['-s', 'class', 'show', 'dev', 'lo', 'classid', '1:20'], { encoding: 'utf8', timeout: 10_000 });
    const m = /Sent (\d+) bytes \d+ pkt \(dropped (\d+)/.exec(out);
    return { sentBytes: Number(m?.[1] ?? 0), dropped: Number(m?.[2] ?? 0) };
  }

  off(): void {
    if (!this.#on) return;
    tc('qdisc', 'del', 'dev', 'lo', 'root');
    this.#on = false;
  }
}
