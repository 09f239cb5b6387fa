// Debian's ffmpeg/ffprobe behind one small typed module: every other file spawns through here.
// No fluent-ffmpeg, no ffmpeg-static.
//
// Every ffmpeg and ffprobe dies with this process, even when it is SIGKILLed: each is started as
// `setpriv --pdeathsig KILL -- ffmpeg …` (Debian's util-linux), so the kernel kills it when the
// thread that spawned it (Node's main thread) ends. Without that a recorder kept writing with
// parent PID 1 after a crash, unsupervised and unindexed. setpriv execs ffmpeg, so `child.pid` is
// ffmpeg's own pid and every signal sent to it reaches ffmpeg. Where setpriv (or its --pdeathsig)
// is missing we spawn plainly and say so once.
import { spawn, spawnSync, type ChildProcess, type SpawnOptions as ChildSpawnOptions } from 'node:child_process';
import { setPriority } from 'node:os';
import { background } from './background.js';

export const FFMPEG = process.env.VCOURT_FFMPEG || 'ffmpeg';
export const FFPROBE = process.env.VCOURT_FFPROBE || 'ffprobe';
const SETPRIV = process.env.VCOURT_SETPRIV || 'setpriv';

let tiedToParent: boolean | undefined;

/** Whether setpriv can tie a child's life to ours (util-linux ≥ 2.33): asked once, on first use. */
export function diesWithParent(): boolean {
  if (tiedToParent === undefined) {
    const help = spawnSync(SETPRIV, ['--help'], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] });
    tiedToParent = help.status === 0 && help.stdout.includes('--pdeathsig');
    if (!tiedToParent) {
      console.warn(`[ffmpeg] ${SETPRIV} --pdeathsig is not available: ffmpeg and ffprobe may outlive a killed server (install util-linux)`);
    }
  }
  return tiedToParent;
}

/** Lowers a child's scheduling priority (0–19); setpriv execs, so the pid keeps it. */
function renice(child: ChildProcess, nice: number | undefined): void {
  if (!nice || child.pid === undefined) return;
  try {
    setPriority(child.pid, nice);
  } catch {
    // not permitted here: run at normal priority
  }
}

/** Spawns `bin` so that it is SIGKILLed when this process dies (see the top of this file). */
function spawnTied(bin: string, args: string[], options: ChildSpawnOptions): ChildProcess {
  return diesWithParent() ? spawn(SETPRIV, ['--pdeathsig', 'KILL', '--', bin, ...args], options) : spawn(bin, args, options);
}

export interface FfmpegExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface FfmpegProcess {
  readonly pid: number | undefined;
  readonly child: ChildProcess;
  /** Resolves when the process has exited, however it exited. */
  readonly exited: Promise<FfmpegExit>;
  /** The last lines ffmpeg wrote to stderr, for error messages. */
  stderrTail(): string;
  /** Ask ffmpeg to finish cleanly ('q' on stdin), then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<FfmpegExit>;
}

export interface SpawnOptions {
  cwd?: string;
  onStderrLine?: (line: string) => void;
  /** Extra lines of stderr to keep for stderrTail(). */
  keepLines?: number;
  /** Scheduling niceness (0–19): background work (the compositor) yields the CPU to live capture. */
  nice?: number;
  /**
   * ffmpeg's progress (`-progress pipe:1`): the key=value fields of each block (`out_time_us`,
   * `total_size`, `progress`…), written every `progressPeriodS` while ffmpeg processes packets.
   */
  onProgress?: (fields: Record<string, string>) => void;
  /** ffmpeg's -stats_period for onProgress: 0.5 s unless given. */
  progressPeriodS?: number;
}

export function spawnFfmpeg(args: string[], options: SpawnOptions = {}, bin = FFMPEG): FfmpegProcess {
  const { onProgress } = options;
  const progressArgs = onProgress ? ['-progress', 'pipe:1', '-stats_period', String(options.progressPeriodS ?? 0.5)] : [];
  const child = spawnTied(bin, ['-hide_banner', '-nostats', ...progressArgs, ...args], {
    cwd: options.cwd,
    stdio: ['pipe', onProgress ? 'pipe' : 'ignore', 'pipe'],
  });
  if (onProgress) readProgress(child, onProgress);
  renice(child, options.nice);
  const keep = options.keepLines ?? 40;
  const tail: string[] = [];
  let partial = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    const lines = (partial + chunk).split(/\r?\n|\r/);
    partial = lines.pop() ?? '';
    for (const line of lines) {
      if (!line) continue;
      tail.push(line);
      if (tail.length > keep) tail.shift();
      options.onStderrLine?.(line);
    }
  });
  child.stdin!.on('error', () => undefined); // ffmpeg may exit before reading stdin
  const exited = new Promise<FfmpegExit>((resolve) => {
    child.once('error', (error) => {
      tail.push(String(error));
      resolve({ code: -1, signal: null });
    });
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  return {
    pid: child.pid,
    child,
    exited,
    stderrTail: () => tail.join('\n'),
    stop: (graceMs = 5000) => {
      if (child.exitCode === null && child.signalCode === null) {
        child.stdin!.end('q');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        background(
          exited.then(() => clearTimeout(timer)),
          'ffmpeg stop',
        );
      }
      return exited;
    },
  };
}

/** Hands each `-progress` block (key=value lines up to `progress=…`) to `onBlock`. */
function readProgress(child: ChildProcess, onBlock: (fields: Record<string, string>) => void): void {
  let partial = '';
  let fields: Record<string, string> = {};
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const eq = line.indexOf('=');
      if (eq <= 0) continue;
      const key = line.slice(0, eq).trim();
      fields[key] = line.slice(eq + 1).trim();
      if (key === 'progress') {
        const block = fields;
        fields = {};
        onBlock(block);
      }
    }
  });
}

/** Runs ffmpeg to completion; throws with ffmpeg's own last words when it fails. */
export async function runFfmpeg(args: string[], options: SpawnOptions = {}): Promise<void> {
  const p = spawnFfmpeg(['-y', ...args], options);
  const { code, signal } = await p.exited;
  if (code !== 0) throw new Error(`ffmpeg failed (${signal ?? code}): ${p.stderrTail().split('\n').slice(-8).join('\n')}`);
}

export interface ProbeStream {
  index: number;
  codec_type: 'video' | 'audio' | string;
  codec_name: string;
  width?: number;
  height?: number;
  duration?: string;
  /** H.264: 'Constrained Baseline', 'Main', 'High'…; level as 10 × the level number (31 = 3.1). */
  profile?: string;
  level?: number;
  pix_fmt?: string;
  sample_rate?: string;
  channels?: number;
}
export interface ProbeResult {
  streams: ProbeStream[];
  format: { duration?: string; format_name: string; size?: string };
}

export interface ProbeOptions {
  /** Options before the input, e.g. ['-rtsp_transport', 'tcp'] for a camera. */
  inputArgs?: string[];
  /** Kill ffprobe after this long (a live source that never answers would hang it). */
  timeoutMs?: number;
}

export async function ffprobe(file: string, options: ProbeOptions = {}): Promise<ProbeResult> {
  const args = ['-v', 'error', ...(options.inputArgs ?? []), '-print_format', 'json', '-show_streams', '-show_format', file];
  const out = await runFfprobe(args, file, options);
  return JSON.parse(out) as ProbeResult;
}

/**
 * The presentation time (seconds) of every packet of one stream of a file, in file order: what a
 * recorded segment's own clock says (recordings/segmentContinuity.ts). Packets without one are left out.
 */
export async function packetTimes(file: string, options: ProbeOptions & { stream?: number; nice?: number } = {}): Promise<number[]> {
  const args = [
    '-v',
    'error',
    ...(options.inputArgs ?? []),
    '-select_streams',
    String(options.stream ?? 0),
    '-show_entries',
    'packet=pts_time',
    '-of',
    'csv=p=0',
    file,
  ];
  const out = await runFfprobe(args, file, options);
  return out
    .split('\n')
    .map((line) => line.trim().replace(/,$/, ''))
    .filter((line) => line !== '' && line !== 'N/A')
    .map(Number)
    .filter(Number.isFinite);
}

/** ffprobe's stdout; throws with its stderr when it fails. */
async function runFfprobe(args: string[], file: string, options: ProbeOptions & { nice?: number }): Promise<string> {
  const child = spawnTied(FFPROBE, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  renice(child, options.nice);
  const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs) : undefined;
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const code = await new Promise<number | null>((resolve) => {
    child.once('error', () => resolve(-1));
    child.once('close', resolve);
  });
  clearTimeout(timer);
  if (code !== 0) throw new Error(`ffprobe ${file} failed: ${err.trim() || `exit ${code ?? 'killed'}`}`);
  return out;
}
