// Cuts one loopback address (the server's WebRTC address) off both ways while everything else on
// loopback stays up. Two ways, because they fail differently:
// - 'blackhole': `ip rule … blackhole`, as media-outage.spec.ts does. Every send to or from the
//   address fails at once with an error, like a host whose network interface went away. (Loopback
//   addresses are routed by the `local` table at rule 0, before anything can be said about them:
//   that rule moves behind ours once.)
// - 'drop': packets are accepted and silently thrown away (htb on `lo`, a class whose queue holds
//   nothing; this kernel has no netem, gact or iptables), like a link that died somewhere on the way.
//   UDP senders see no error.
// Needs root in a network namespace of its own; one cut (and no other qdisc on `lo`) at a time.
import { execFileSync } from 'node:child_process';

export type CutMode = 'blackhole' | 'drop';

function run(cmd: 'ip' | 'tc', ...args: string[]): void {
  execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 10_000 });
}

export class RtcCut {
  #prepared = false;
  #on = false;

  constructor(
    readonly address: string,
    readonly mode: CutMode = 'blackhole',
  ) {}

  on(): void {
    if (this.#on) return;
    if (this.mode === 'blackhole') {
      if (!this.#prepared) {
        run('ip', 'rule', 'add', 'pref', '100', 'table', 'local');
        run('ip', 'rule', 'del', 'pref', '0', 'table', 'local');
        this.#prepared = true;
      }
      run('ip', 'rule', 'add', 'pref', '10', 'to', this.address, 'blackhole');
      run('ip', 'rule', 'add', 'pref', '11', 'from', this.address, 'blackhole');
    } else {
      run('tc', 'qdisc', 'add', 'dev', 'lo', 'root', 'handle', '1:', 'htb', 'default', '10');
      run('tc', 'class', 'add', 'dev', 'lo', 'parent', '1:', 'classid', '1:10', 'htb', 'rate', '10gbit', 'quantum', '200000');
      run('tc', 'class', 'add', 'dev', 'lo', 'parent', '1:', 'classid', '1:30', 'htb', 'rate', '8bit', 'quantum', '1514');
      run('tc', 'qdisc', 'add', 'dev', 'lo', 'parent', '1:30', 'handle', '30:', 'pfifo', 'limit', '0');
      for (const [prio, dir] of Object.entries({ 1: 'dst', 2: 'src' })) {
        run('tc', ...`filter add dev lo parent 1: protocol ip prio ${prio} u32 match ip ${dir} ${this.address}/32 flowid 1:30`.split(' '));
      }
    }
    this.#on = true;
  }

  off(): void {
    if (!this.#on) return;
    if (this.mode === 'blackhole') {
      run('ip', 'rule', 'del', 'pref', '10');
      run('ip', 'rule', 'del', 'pref', '11');
    } else run('tc', 'qdisc', 'del', 'dev', 'lo', 'root');
    this.#on = false;
  }
}
