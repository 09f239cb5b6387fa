// vcourt's own coturn, for development and tests (production runs coturn as its own service, see
// docker-compose.yml): its config written 0600 in the data folder, started in its own process group
// and tied to our life (setpriv --pdeathsig, as core/lib/ffmpeg.ts), ready once it answers a STUN
// Binding (and its TLS port accepts), restarted with a bounded back-off when it dies.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { diesWithParent } from '../../core/lib/ffmpeg.js';
import { TypedEmitter } from '../../core/lib/TypedEmitter.js';
import { background } from '../../core/lib/background.js';
import { coturnConfigText, type CoturnSettings } from './coturnConfig.js';
import { stunAnswers } from './stunProbe.js';

export const TURNSERVER = process.env.VCOURT_TURNSERVER || 'turnserver';

export interface CoturnProcessOptions {
  settings: CoturnSettings;
  /** Where turnserver.conf goes (0600: it holds the secret); the settings' stateDir, unless given. */
  dir?: string;
  readyTimeoutMs?: number;
  /** Restart delays: the first, doubled per quick death up to the cap. */
  restartMinMs?: number;
  restartMaxMs?: number;
  log?: (line: string) => void;
}

interface CoturnEvents extends Record<string, unknown[]> {
  /** Up again after a death, with its new pid and how long the start took. */
  restarted: [pid: number, startMs: number];
  exited: [code: number | null, signal: NodeJS.Signals | null];
}

/** A run this long counts as healthy: the next death restarts after the shortest delay again. */
const STABLE_MS = 30_000;

export class CoturnProcess extends TypedEmitter<CoturnEvents> {
  readonly configFile: string;
  readonly #options: CoturnProcessOptions;
  readonly #host: string;
  #child: ChildProcess | null = null;
  #tail: string[] = [];
  #closed = false;
  #closing: Promise<void> | undefined;
  #restartTimer: NodeJS.Timeout | undefined;
  #quickDeaths = 0;
  #startedAt = 0;
  #restarts = 0;
  /** Milliseconds the last start took, from spawn to answering. */
  lastStartMs = 0;

  private constructor(options: CoturnProcessOptions) {
    super();
    this.#options = options;
    this.configFile = join(options.dir ?? options.settings.stateDir, 'turnserver.conf');
    this.#host = options.settings.listenIp === '0.0.0.0' ? '127.0.0.1' : options.settings.listenIp;
  }

  /** Writes the config, starts coturn and resolves once it answers; throws with coturn's last words if it does not. */
  static async start(options: CoturnProcessOptions): Promise<CoturnProcess> {
    const coturn = new CoturnProcess(options);
    const text = coturnConfigText(options.settings);
    mkdirSync(options.settings.stateDir, { recursive: true, mode: 0o700 });
    mkdirSync(dirname(coturn.configFile), { recursive: true, mode: 0o700 });
    writeFileSync(coturn.configFile, text, { mode: 0o600 });
    chmodSync(coturn.configFile, 0o600); // an older file keeps its mode through writeFileSync
    try {
      await coturn.#launch();
    } catch (error) {
      await coturn.close();
      throw error;
    }
    return coturn;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** How many times it was restarted after dying. */
  get restarts(): number {
    return this.#restarts;
  }

  /** coturn's last lines of output, for error messages. */
  logTail(): string {
    return this.#tail.join('\n');
  }

  async #launch(): Promise<void> {
    const args = ['-c', this.configFile];
    const started = Date.now();
    // Its own process group (detached), so close() ends it and anything it forks; dies with us.
    const child = diesWithParent()
      ? spawn('setpriv', ['--pdeathsig', 'KILL', '--', TURNSERVER, ...args], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn(TURNSERVER, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.#child = child;
    this.#startedAt = started;
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        this.#tail.push(line);
        if (this.#tail.length > 40) this.#tail.shift();
      }
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    child.once('error', (error) => keep(Buffer.from(`spawn ${TURNSERVER}: ${error.message}`)));
    child.once('exit', (code, signal) => this.#onExit(child, code, signal));
    await this.#waitReady(child, this.#options.readyTimeoutMs ?? 10_000);
    this.lastStartMs = Date.now() - started;
  }

  /** Bounded wait on the condition: it answers STUN (and its TLS port accepts); or it died. */
  async #waitReady(child: ChildProcess, timeoutMs: number): Promise<void> {
    const { port, tls } = this.#options.settings;
    const deadline = Date.now() + timeoutMs;
    const alive = () => child.exitCode === null && child.signalCode === null && child.pid !== undefined;
    while (Date.now() < deadline) {
      if (!alive()) throw new Error(`coturn exited while starting:\n${this.logTail()}`);
      if ((await stunAnswers(this.#host, port, 250)) && (!tls || (await tcpAccepts(this.#host, tls.port))) && alive()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    this.#killGroup(child, 'SIGKILL');
    throw new Error(`coturn did not answer on ${this.#host}:${port} within ${timeoutMs} ms:\n${this.logTail()}`);
  }

  #onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (child !== this.#child) return;
    this.#child = null;
    if (this.#closed) return;
    this.safeEmit('exited', code, signal);
    this.#options.log?.(`[turn] coturn exited (${signal ?? code}); restarting`);
    this.#quickDeaths = Date.now() - this.#startedAt >= STABLE_MS ? 0 : this.#quickDeaths + 1;
    const min = this.#options.restartMinMs ?? 500;
    const delay = Math.min(this.#options.restartMaxMs ?? 30_000, min * 2 ** Math.max(0, this.#quickDeaths - 1));
    this.#restartTimer = setTimeout(() => {
      this.#restartTimer = undefined;
      if (this.#closed) return;
      background(
        this.#launch().then(
          () => {
            this.#restarts++;
            this.safeEmit('restarted', this.pid!, this.lastStartMs);
          },
          // It died or hung while starting: killed, so its exit schedules the next try.
          (error: unknown) => this.#options.log?.(`[turn] coturn restart failed: ${String(error)}`),
        ),
        'coturn restart',
      );
    }, delay);
  }

  #killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      child.kill(signal); // the group is gone already; the process itself, if it is not
    }
  }

  /** Stops supervising and ends coturn's process group: SIGTERM, then SIGKILL after 3 s. */
  close(): Promise<void> {
    return (this.#closing ??= (async () => {
      this.#closed = true;
      clearTimeout(this.#restartTimer);
      const child = this.#child;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      this.#killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => this.#killGroup(child, 'SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    })());
  }
}

function tcpAccepts(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
