// A vcourt server of a test's own, as a child process, for tests that must stop and restart it
// (the shared one from playwright.config.ts webServer lives for the whole run). Same start command
// and settings as the shared one, on its own port, data directory and RTC port range.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { E2E_ADMIN_PASSWORD } from '../../../playwright.config.js';

export class OwnServer {
  readonly base: string;
  readonly dataDir = mkdtempSync(join(tmpdir(), 'vcourt-e2e-own-'));
  #child: ChildProcess | null = null;
  #log: string[] = [];

  constructor(
    readonly port: number,
    private readonly rtcPorts: [number, number],
    /** Settings of the test's own on top (e.g. VCOURT_TURN_* for an embedded coturn). */
    private readonly env: NodeJS.ProcessEnv = {},
  ) {
    this.base = `http://127.0.0.1:${port}`;
  }

  /** Starts the server (same port and data every time) and waits until /healthz answers. */
  async start(): Promise<void> {
    if (this.#child) throw new Error('already running');
    // node --import tsx: one process, so SIGTERM reaches the server itself (no npx/tsx wrapper between).
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: {
        ...process.env,
        VCOURT_HOST: '127.0.0.1',
        VCOURT_PORT: String(this.port),
        VCOURT_PUBLIC_URL: this.base,
        VCOURT_DATA_DIR: this.dataDir,
        VCOURT_DEMO: '0',
        VCOURT_ADMIN_PASSWORD: E2E_ADMIN_PASSWORD,
        VCOURT_WORKERS: '1',
        VCOURT_RTC_LISTEN_IP: '127.0.0.1',
        VCOURT_RTC_MIN_PORT: String(this.rtcPorts[0]),
        VCOURT_RTC_MAX_PORT: String(this.rtcPorts[1]),
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    const keep = (chunk: Buffer) => this.#log.push(chunk.toString());
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${this.log()}`);
      const up = await fetch(`${this.base}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`server did not come up within 60 s:\n${this.log()}`);
  }

  /** SIGTERM, as a service manager stops it; SIGKILL if it has not exited after 20 s. */
  async stop(): Promise<void> {
    const child = this.#child;
    if (!child) return;
    this.#child = null;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }

  log(): string {
    return this.#log.join('').slice(-4000);
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
