// Every ffmpeg and ffprobe dies with the process that spawned it through core/lib/ffmpeg.ts, even
// when that process is SIGKILLed and gets no chance to stop them (setpriv --pdeathsig).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { diesWithParent } from '../../core/lib/ffmpeg.js';

/** `fn()` once truthy, polled every 50 ms for at most `timeoutMs` (no server here: tests/support/server.ts is not needed). */
async function eventually<T>(fn: () => T, { timeoutMs }: { timeoutMs: number }): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let script: ChildProcess | undefined;
let dir: string | undefined;

afterEach(() => {
  // The script leads its own process group: end the group, whatever is left of it.
  if (script?.pid !== undefined) {
    try {
      process.kill(-script.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  script = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** /proc/<pid>/stat: the command name, the state and the parent pid. */
function stat(pid: number): { comm: string; state: string; ppid: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = text.lastIndexOf(')');
    const [state, ppid] = text.slice(close + 2).split(' ');
    return { comm: text.slice(text.indexOf('(') + 1, close), state: state!, ppid: Number(ppid) };
  } catch {
    return undefined;
  }
}

/** Gone, or a zombie waiting for whoever adopted it to reap it: either way it runs no more. */
const gone = (pid: number) => {
  const s = stat(pid);
  return s === undefined || s.state === 'Z' || s.state === 'X';
};

function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((p) => stat(p)?.ppid === pid);
}

describe('ffmpeg processes', () => {
  it('die with their parent, even when it is SIGKILLed', async () => {
    expect(diesWithParent()).toBe(true); // Debian's util-linux is installed by npm run setup
    dir = mkdtempSync(join(tmpdir(), 'vcourt-ffmpeg-'));
    const fifo = join(dir, 'never-written');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    script = spawn(process.execPath, ['--import', 'tsx', 'tests/support/ffmpegChildren.ts', fifo], {
      cwd: process.cwd(),
      detached: true,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: script!.stdout! }).once('line', resolve);
      script!.once('exit', (code) => reject(new Error(`the script exited (${code}) before spawning`)));
    });
    const { pid, ffmpeg } = JSON.parse(line) as { pid: number; ffmpeg: number };
    // ffmpeg and ffprobe are the script's own children (setpriv exec'd them: the pid is theirs);
    // tsx may have its esbuild service there too.
    let seen = '';
    const children =
      (await eventually(
        () => {
          const all = childrenOf(pid);
          seen = all.map((p) => `${p} ${stat(p)?.comm}`).join(', ');
          const found = all.filter((p) => ['ffmpeg', 'ffprobe'].includes(stat(p)?.comm ?? ''));
          const names = found.map((p) => stat(p)?.comm).sort();
          return names.join() === 'ffmpeg,ffprobe' ? found : undefined;
        },
        { timeoutMs: 15_000 },
      ).catch((error: unknown) => {
        throw new Error(`${String(error)}; children of ${pid}: ${seen || 'none'}`);
      })) ?? [];
    expect(children).toContain(ffmpeg);

    process.kill(pid, 'SIGKILL');
    await eventually(() => children.every(gone), { timeoutMs: 5000 });
  }, 40_000);
});
