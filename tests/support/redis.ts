// A real redis-server (Debian's) for one test file: its own temp dir and loopback port, nothing
// persisted, in its own process group and killed by the kernel if the test process dies
// (setpriv --pdeathsig), ready once it answers PING. stop() ends the whole group.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeTcpPort } from './cameraSimulator.js';

const REDIS_SERVER = process.env.VCOURT_TEST_REDIS_SERVER ?? '/usr/bin/redis-server';

export class RedisServer {
  #output = '';
  readonly exited: Promise<void>;

  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
    readonly dir: string,
  ) {
    const keep = (chunk: Buffer) => (this.#output = (this.#output + chunk.toString()).slice(-4000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /**
   * Starts one; a port taken between choosing and binding it is tried again elsewhere (unless `port`
   * is given: a restart). `alsoOn`: one more address it listens on (a bridge to test namespaces).
   */
  static async start({
    port: fixed,
    timeoutMs = 15_000,
    alsoOn,
  }: { port?: number; timeoutMs?: number; alsoOn?: string } = {}): Promise<RedisServer> {
    if (spawnSync(REDIS_SERVER, ['--version']).status !== 0) {
      throw new Error(`${REDIS_SERVER} is missing: install Debian's redis-server (apt-get install redis-server) to run this test`);
    }
    let last: Error | undefined;
    for (let attempt = 0; attempt < (fixed ? 1 : 3); attempt++) {
      const dir = mkdtempSync(join(tmpdir(), 'vcourt-redis-'));
      const port = fixed ?? (await freeTcpPort());
      // Off the loopback, Redis's protected mode would refuse clients without a password.
      const bind = alsoOn ? ['--bind', '127.0.0.1', alsoOn, '--protected-mode', 'no'] : ['--bind', '127.0.0.1'];
      const args = ['--port', String(port), ...bind, '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'];
      const child = spawn('setpriv', ['--pdeathsig', 'KILL', '--', REDIS_SERVER, ...args], {
        detached: true, // its own process group, ended as a whole by stop()
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const server = new RedisServer(child, port, dir);
      try {
        await server.#waitReady(timeoutMs);
        return server;
      } catch (error) {
        last = error as Error;
        await server.stop();
      }
    }
    throw last!;
  }

  async #waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let gone = false;
    void this.exited.then(() => (gone = true));
    while (Date.now() < deadline) {
      if (gone) throw new Error(`redis-server exited before it was ready:\n${this.#output}`);
      if (await ping(this.port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis-server did not answer PING within ${timeoutMs} ms:\n${this.#output}`);
  }

  /** Ends the process group (SIGTERM, then SIGKILL after 5 s) and removes its directory. */
  async stop(): Promise<void> {
    const pid = this.child.pid;
    if (pid !== undefined && this.child.exitCode === null && this.child.signalCode === null) {
      const signal = (s: NodeJS.Signals) => {
        try {
          process.kill(-pid, s);
        } catch {
          // already gone
        }
      };
      signal('SIGTERM');
      const timer = setTimeout(() => signal('SIGKILL'), 5_000);
      await this.exited;
      clearTimeout(timer);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** One PING over a fresh connection: true on +PONG. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('close', () => done(false)); // closed without an answer: no timeout fires after a close
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d: Buffer) => done(d.toString().startsWith('+PONG')));
  });
}
