// The parent side of vcourtProcessMain.ts: starts a real vcourt server as a separate process
// (its own process group), talks to it over IPC and HTTP, and kills it as a court's IT team might.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Request } from './vcourtProcessMain.js';

const MAIN = join(import.meta.dirname, 'vcourtProcessMain.ts');
const ROOT = join(import.meta.dirname, '../..');
export const PROCESS_ADMIN_PASSWORD = 'process-admin-password';

type Ask = Request extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** A loopback TCP port nobody listens on right now. */
export { freeTcpPort as freePort } from './cameraSimulator.js';

export class VcourtProcess {
  readonly base: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  #next = 1;
  readonly #waiting = new Map<number, (reply: { ok: boolean; data?: unknown; error?: string }) => void>();
  #output = '';
  adminToken = '';

  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
    host: string,
  ) {
    this.base = `http://${host}:${port}`;
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    const keep = (chunk: Buffer) => (this.#output = (this.#output + chunk.toString()).slice(-8000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('message', (m: { id?: number; ok: boolean; data?: unknown; error?: string }) => {
      if (m.id === undefined) return;
      this.#waiting.get(m.id)?.(m);
      this.#waiting.delete(m.id);
    });
  }

  /**
   * Starts vcourt on `dataDir` (new or left by an earlier process) and logs in as admin; `netns`:
   * inside that network namespace (`ip netns exec`, which execs in place: the pid is the server's),
   * reached at `host` (its VCOURT_HOST).
   */
  static async start(
    dataDir: string,
    port: number,
    env: NodeJS.ProcessEnv = {},
    timeoutMs = 60_000,
    { netns, host = '127.0.0.1' }: { netns?: string; host?: string } = {},
  ): Promise<VcourtProcess> {
    const node = [process.execPath, '--import', 'tsx', MAIN];
    const [command, ...args] = netns ? [process.env.VCOURT_TEST_IP ?? '/usr/sbin/ip', 'netns', 'exec', netns, ...node] : node;
    const child = spawn(command!, args, {
      cwd: ROOT,
      detached: true, // its own process group, ended as a whole by kill()
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: {
        ...process.env,
        ...env,
        VCOURT_DATA_DIR: dataDir,
        VCOURT_PORT: String(port),
        VCOURT_HOST: host,
        VCOURT_ADMIN_PASSWORD: PROCESS_ADMIN_PASSWORD,
      },
    });
    const vc = new VcourtProcess(child, port, host);
    // One that did not come up is not left running (its caller has no handle on it to end it).
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`vcourt did not start in ${timeoutMs} ms:\n${vc.#output}`)), timeoutMs);
      child.on('message', (m: { type?: string }) => {
        if (m.type !== 'ready') return;
        clearTimeout(timer);
        resolve();
      });
      void vc.exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`vcourt exited (${code ?? signal}) before it was ready:\n${vc.#output}`));
      });
    }).catch(async (error: unknown) => {
      await vc.kill();
      throw error;
    });
    const login = await vc.api<{ token: string }>('POST', '/api/auth/login', { username: 'admin', password: PROCESS_ADMIN_PASSWORD });
    if (login.status !== 200) {
      await vc.kill();
      throw new Error(`admin login failed: ${login.status}`);
    }
    vc.adminToken = login.body.token;
    return vc;
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** What the server printed last (for failure messages). */
  get output(): string {
    return this.#output;
  }

  async api<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    token: string | null = this.adminToken,
  ): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(this.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /** Asks the server process something over IPC (see vcourtProcessMain.ts). */
  ask<T>(request: Ask, timeoutMs = 30_000): Promise<T> {
    const id = this.#next++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to ${request.cmd} in ${timeoutMs} ms`)), timeoutMs);
      this.#waiting.set(id, (reply) => {
        clearTimeout(timer);
        if (reply.ok) resolve(reply.data as T);
        else reject(new Error(reply.error));
      });
      this.child.send({ ...request, id });
    });
  }

  /** Ends the whole process group (the server and anything it left behind). */
  async kill(): Promise<void> {
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await this.exited;
  }
}

export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
