// Debian's ffmpeg/ffprobe behind one small typed module: every other file spawns through here.
// No fluent-ffmpeg, no ffmpeg-static.
import { spawn, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { background } from './background.js';

export const FFMPEG = process.env.VCOURT_FFMPEG || 'ffmpeg';
export const FFPROBE = process.env.VCOURT_FFPROBE || 'ffprobe';

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
}

export function spawnFfmpeg(args: string[], options: SpawnOptions = {}, bin = FFMPEG): FfmpegProcess {
  const child = spawn(bin, ['-hide_banner', '-nostats', ...args], {
    cwd: options.cwd,
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  if (options.nice && child.pid !== undefined) {
    try {
      setPriority(child.pid, options.nice);
    } catch {
      // not permitted here: run at normal priority
    }
  }
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
  const child = spawn(FFPROBE, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs) : undefined;
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const code = await new Promise<number | null>((resolve) => {
    child.once('error', () => resolve(-1));
    child.once('close', resolve);
  });
  clearTimeout(timer);
  if (code !== 0) throw new Error(`ffprobe ${file} failed: ${err.trim() || `exit ${code ?? 'killed'}`}`);
  return JSON.parse(out) as ProbeResult;
}
