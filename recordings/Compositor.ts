// HearingTimeline → the composite MP4 (H.264 + AAC): a grid of the participants present, name and
// role labels, the hearing's wall clock. Session time (recesses cut out) is composed in chunks of
// chunkMs as soon as their inputs are finished, each an MPEG-TS file of exactly its length;
// finish() makes only what remains and concatenates with stream copy, so the record is ready
// shortly after adjournment however long the hearing was. Plan: composite/ (SessionClock,
// tileLayout, chunkPlan); the ffmpeg command for one chunk: filterGraph.ts.
import { existsSync, statSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { COURT_TIME_ZONE } from '../core/lib/courtLocale.js';
import { ffprobe, runFfmpeg } from '../core/lib/ffmpeg.js';
import { inputsFinished, planChunk, type ChunkPlan } from './composite/chunkPlan.js';
import { SessionClock } from './composite/SessionClock.js';
import { buildChunkCommand, type EncodeSettings } from './filterGraph.js';
import type { HearingTimeline, Interval } from './types.js';

/** Composing runs beside live capture: at a lower priority, so a busy machine delays the
 *  composite rather than the recorders and the SFU. */
const COMPOSITOR_NICE = 10;

export interface CompositorOptions {
  workDir: string;
  width?: number /*1280*/;
  height?: number /*720*/;
  fps?: number /*25*/;
  chunkMs?: number /*10000*/;
  timeZone?: string /*COURT_TIME_ZONE*/;
}

export class Compositor {
  private readonly workDir: string;
  private readonly settings: EncodeSettings;
  private readonly chunkFrames: number;
  /** Segment files ffmpeg could not read (truncated by a crash, empty): left out of every chunk. */
  private readonly unreadable = new Set<string>();

  constructor(options: CompositorOptions) {
    this.workDir = resolve(options.workDir);
    this.settings = {
      width: options.width ?? 1280,
      height: options.height ?? 720,
      fps: options.fps ?? 25,
      timeZone: options.timeZone ?? COURT_TIME_ZONE,
    };
    const chunkMs = options.chunkMs ?? 10_000;
    // Chunks must hold whole frames, or their boundaries would drift against the wall clock.
    this.chunkFrames = (chunkMs * this.settings.fps) / 1000;
    if (!Number.isInteger(this.chunkFrames) || this.chunkFrames < 1) throw new Error(`chunkMs ${chunkMs} is not a whole number of frames`);
    if (this.settings.width % 2 || this.settings.height % 2) throw new Error('width and height must be even');
    new Intl.DateTimeFormat('en-US', { timeZone: this.settings.timeZone }); // throws on an unknown zone, now rather than mid-hearing
  }

  /** Path of chunk n; zero-padded so a directory listing reads in order. */
  chunkPath(n: number): string {
    return join(this.workDir, `chunk-${String(n).padStart(5, '0')}.ts`);
  }

  /**
   * Compose every whole chunk of session time whose inputs are finished up to readyUntilMs (wall
   * clock ms). Idempotent: chunks already made are kept (never rewritten). Callers serialize calls
   * per hearing.
   */
  async advance(timeline: HearingTimeline, readyUntilMs: number): Promise<void> {
    // Session time known so far: the sessions cut at readyUntilMs. Frames before the cut map to the
    // same wall times as they will in finish(), so a chunk made now is the chunk finish() would make.
    const known = timeline.sessions
      .map((s): Interval => ({ startMs: s.startMs, endMs: Math.min(s.endMs, readyUntilMs) }))
      .filter((s) => s.endMs > s.startMs);
    const clock = new SessionClock(known, this.settings.fps);
    for (let n = 0; (n + 1) * this.chunkFrames <= clock.totalFrames; n++) {
      if (existsSync(this.chunkPath(n))) continue;
      const plan = this.plan(timeline, clock, n);
      // The audio post-roll reads a little past the chunk's end (≤ 2 AAC frames): wait for it too.
      const fedEnd = plan.firstFrame * clock.samplesPerFrame + plan.audio.startOffset + plan.audio.samples;
      const late = Math.max(plan.videoToMs, plan.audioToMs) > readyUntilMs; // frame rounding at the cut
      if (fedEnd > clock.totalSamples || late || !inputsFinished(timeline, plan)) return;
      await this.makeChunk(timeline, plan);
    }
  }

  /**
   * Compose whatever remains (including a final partial chunk) and write outFile: MP4, H.264
   * (yuv420p, +faststart) + AAC, duration = total session time. onProgress(0..1).
   */
  async finish(timeline: HearingTimeline, outFile: string, onProgress?: (fraction: number) => void): Promise<void> {
    const clock = new SessionClock(timeline.sessions, this.settings.fps);
    if (clock.totalFrames === 0) throw new Error(`hearing ${timeline.hearingId}: no session time to compose`);
    const count = Math.ceil(clock.totalFrames / this.chunkFrames);
    const missing = Array.from({ length: count }, (_, n) => n).filter((n) => !existsSync(this.chunkPath(n)));
    const steps = missing.length + 1;
    onProgress?.(0);
    for (const [done, n] of missing.entries()) {
      // After adjournment nothing is still being written; a segment left open by a crashed
      // recorder is read as far as it goes.
      const plan = this.plan(timeline, clock, n);
      await this.makeChunk(timeline, plan).catch(async (error: unknown) => {
        // Last resort, so the hearing still gets its record of the right length: this stretch
        // without media (tiles, names and clock only). Every captured track is also archived
        // on its own in the bundle, so nothing is lost for good.
        console.error(`[compositor] hearing ${timeline.hearingId}, chunk ${n}: composed without media after`, error);
        await this.makeChunk({ ...timeline, tracks: [] }, plan);
      });
      onProgress?.((done + 1) / steps);
    }
    await this.concat(clock, count, outFile);
    onProgress?.(1);
  }

  private plan(timeline: HearingTimeline, clock: SessionClock, n: number): ChunkPlan {
    return planChunk(timeline, clock, n, this.chunkFrames, this.settings.width, this.settings.height);
  }

  private async makeChunk(timeline: HearingTimeline, plan: ChunkPlan): Promise<void> {
    const final = this.chunkPath(plan.index);
    const scratch = join(this.workDir, `.chunk-${plan.index}`);
    await rm(scratch, { recursive: true, force: true });
    await mkdir(scratch, { recursive: true });
    // Written aside and renamed: a crash mid-chunk never leaves a truncated chunk that later
    // calls would take as made.
    const part = join(scratch, 'chunk.ts');
    const attempt = async () => {
      const { args, files } = buildChunkCommand(this.readable(timeline), plan, this.settings, scratch);
      for (const [path, content] of files) await writeFile(path, content);
      await runFfmpeg([...args, part], { nice: COMPOSITOR_NICE });
    };
    try {
      await attempt();
    } catch (error) {
      // One unreadable segment must not cost the whole record: find it, leave it out, retry once.
      if (!(await this.findUnreadable(timeline, plan))) throw error;
      await attempt();
    }
    await rename(part, final);
    await rm(scratch, { recursive: true, force: true });
  }

  /** The timeline without segments that are missing, empty or known unreadable. */
  private readable(timeline: HearingTimeline): HearingTimeline {
    const ok = (file: string) => !this.unreadable.has(file) && existsSync(file) && statSync(file).size > 0;
    return { ...timeline, tracks: timeline.tracks.map((t) => ({ ...t, segments: t.segments.filter((s) => ok(s.file)) })) };
  }

  /** Probes the segments this chunk reads; true when some were found unreadable. */
  private async findUnreadable(timeline: HearingTimeline, plan: ChunkPlan): Promise<boolean> {
    let found = false;
    for (const track of this.readable(timeline).tracks) {
      const to = track.kind === 'audio' ? plan.audioToMs : plan.videoToMs;
      for (const seg of track.segments.filter((s) => s.startMs < to && (s.endMs ?? Infinity) > plan.wallFromMs - 2000)) {
        const probe = await ffprobe(seg.file).catch(() => null);
        // A stream that never produced a frame has no pixel format / sample rate: ffmpeg cannot configure its filters.
        const stream = probe?.streams.find((s) => s.codec_type === track.kind) as Record<string, unknown> | undefined;
        if (!stream || !(track.kind === 'audio' ? stream.sample_rate : stream.pix_fmt)) {
          this.unreadable.add(seg.file);
          found = true;
        }
      }
    }
    return found;
  }

  private async concat(clock: SessionClock, count: number, outFile: string): Promise<void> {
    // `duration` places each chunk at exactly its frame count: the concat demuxer would otherwise
    // take the longest stream, and the audio's last AAC frame reaching past the video would
    // shift every later chunk by a few ms.
    const lines: string[] = ['ffconcat version 1.0'];
    for (let n = 0; n < count; n++) {
      const frames = Math.min(this.chunkFrames, clock.totalFrames - n * this.chunkFrames);
      lines.push(`file '${this.chunkPath(n).replace(/'/g, "'\\''")}'`, `duration ${(frames / this.settings.fps).toFixed(6)}`);
    }
    const list = join(this.workDir, 'concat.txt');
    await writeFile(list, `${lines.join('\n')}\n`);
    await mkdir(dirname(resolve(outFile)), { recursive: true });
    const part = `${outFile}.part`;
    await runFfmpeg(
      ['-f', 'concat', '-safe', '0', '-i', list, '-map', '0:v', '-map', '0:a', '-c', 'copy', '-movflags', '+faststart', '-f', 'mp4', part],
      { nice: COMPOSITOR_NICE },
    );
    await rename(part, outFile);
  }
}
