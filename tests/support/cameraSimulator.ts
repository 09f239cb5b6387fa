// The RTSP camera simulator (scripts/camera-simulator.py) as a child process of a test or a bench:
// started on a free loopback port, stopped (the camera "unplugged") and started again on the same
// port. Tests spawn it themselves so that it lives in their own network namespace.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const SIMULATOR = fileURLToPath(new URL('../../scripts/camera-simulator.py', import.meta.url));
/** Debian's interpreter: python3-gi is installed for it, not for a pyenv/venv python3 on PATH. */
export const SYSTEM_PYTHON = '/usr/bin/python3';

export type SimulatorCodec = 'h264' | 'h264-high' | 'mjpeg';

export interface SimulatorOptions {
  codec?: SimulatorCodec;
  audio?: boolean;
  path?: string;
  port?: number;
  /** Picture size, e.g. { width: 1280, height: 720 }; the simulator's default is 640x360. */
  size?: { width: number; height: number };
}

export function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export class CameraSimulator {
  #child: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    private readonly options: Required<Omit<SimulatorOptions, 'port' | 'size'>> & Pick<SimulatorOptions, 'size'>,
  ) {}

  static async start(options: SimulatorOptions = {}): Promise<CameraSimulator> {
    const sim = new CameraSimulator(options.port ?? (await freeTcpPort()), {
      codec: options.codec ?? 'h264',
      audio: options.audio ?? false,
      path: options.path ?? '/cam1',
      size: options.size,
    });
    await sim.restart();
    return sim;
  }

  get url(): string {
    return `rtsp://127.0.0.1:${this.port}${this.options.path}`;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  get running(): boolean {
    return !!this.#child && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** Starts the simulator (again) on the same port; resolves on its ready line. */
  async restart(timeoutMs = 15_000): Promise<void> {
    if (this.running) return;
    const { codec, audio, path, size } = this.options;
    const args = [SIMULATOR, '--port', String(this.port), '--path', path, '--codec', codec, ...(audio ? ['--audio'] : [])];
    if (size) args.push('--width', String(size.width), '--height', String(size.height));
    const child = spawn(SYSTEM_PYTHON, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.#child = child;
    let err = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-2000)));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error(`camera simulator not ready after ${timeoutMs} ms: ${err}`)), timeoutMs);
      const fail = (e: Error) => {
        clearTimeout(timer);
        child.kill('SIGKILL');
        reject(e);
      };
      let out = '';
      child.stdout!.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        if (out.includes('camera-simulator ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => fail(new Error(`camera simulator exited (${code}): ${err}`)));
    });
  }

  /** Stops it as a camera losing power would look to the server: the RTSP connection closes. */
  async stop(): Promise<void> {
    const child = this.#child;
    if (!child || !this.running) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  }
}
