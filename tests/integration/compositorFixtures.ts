// Synthetic captured media, written the way the live recorder writes it: one Matroska file per
// ~5 s segment per track (VP8 video, Opus audio), each segment's timestamps starting at 0, with
// the wall-clock start the test assigns. Each participant's camera is a solid colour (with a small
// moving pattern so the encoder has real work) and their microphone a tone of their own, so the
// composite can be read back by colour. Shared by the compositor tests and bench/composite-speed.ts.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runFfmpeg } from '../../core/lib/ffmpeg.js';
import type { HearingTimeline, Interval, ParticipantTimeline, Segment, TrackTimeline } from '../../recordings/types.js';
import type { Role } from '../../core/protocol/model.js';

export type Rgb = [number, number, number];

export interface FakeParticipant {
  id: string;
  name: string;
  role: Role;
  colour: Rgb;
  tone: number;
  /** Wall-clock spans with media (the recorder only captures while in session). */
  present: Interval[];
  /** 'flash': black camera flashing white, and a beep, at every whole 2 s of wall clock. */
  content?: 'solid' | 'flash';
  /** A screen share: a solid colour over one wall-clock span. */
  screen?: { colour: Rgb; span: Interval };
}

const hex = (c: Rgb) => c.map((v) => v.toString(16).padStart(2, '0')).join('');

/** Runs jobs two at a time (two cores). */
async function pool<T>(jobs: (() => Promise<T>)[], width = 2): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < jobs.length) {
        const i = next++;
        out[i] = await jobs[i]!();
      }
    }),
  );
  return out;
}

/** Cuts [startMs, endMs) into segments of about segMs, with the small irregularities of live capture. */
function segmentSpans(span: Interval, segMs: number): Interval[] {
  const out: Interval[] = [];
  for (let t = span.startMs; t < span.endMs - 200; t += segMs) out.push({ startMs: t, endMs: Math.min(t + segMs, span.endMs) });
  return out;
}

function videoSource(p: FakeParticipant, span: Interval, index: number): string {
  const d = ((span.endMs - span.startMs) / 1000).toFixed(3);
  if (p.content === 'flash') {
    // White for 120 ms from every whole 2 s of wall clock: a frame's timestamp t is wall clock
    // (startMs/1000 + t). The first frame is at 40 ms, not 0: a compositor that re-based
    // segments to their first frame would show the flash a frame early.
    const w0 = ((span.startMs % 2000) / 1000).toFixed(3);
    return (
      `color=c=black:s=640x360:r=25:d=${d},settb=1/1000,setpts=PTS+40,` +
      `drawbox=c=white:t=fill:enable='lt(mod(t+${w0}\\,2)\\,0.12)',format=yuv420p`
    );
  }
  // Live WebRTC capture drops frames now and then and its first timestamp is rarely exactly 0.
  const drop = index % 2 === 0 ? `,select='not(eq(mod(n\\,9)\\,4))'` : '';
  return (
    `color=c=0x${hex(p.colour)}:s=640x360:r=25:d=${d}[bg];testsrc2=s=128x72:r=25:d=${d}[pat];` +
    `[bg][pat]overlay=16:16:shortest=1${drop},settb=1/1000,setpts=PTS+20,format=yuv420p`
  );
}

function audioSource(p: FakeParticipant, span: Interval): string {
  // 6.5 ms more than the span: the Opus encoder's own delay, trimmed again when decoding, would
  // otherwise leave a hole at each segment's end that live capture (stream copy) does not have.
  const d = ((span.endMs - span.startMs + 6.5) / 1000).toFixed(4);
  if (p.content === 'flash') {
    const w0 = ((span.startMs % 2000) / 1000).toFixed(3);
    return `aevalsrc='if(lt(mod(t+${w0}\\,2)\\,0.1)\\,0.6*sin(2*PI*1000*t)\\,0)':s=48000:d=${d}`;
  }
  return `sine=f=${p.tone}:r=48000:d=${d}`;
}

async function writeTrack(
  dir: string,
  p: FakeParticipant,
  kind: 'audio' | 'video' | 'screen',
  segMs: number,
  jitterMs: number,
): Promise<TrackTimeline> {
  const trackId = `${p.id}-${kind}`;
  await mkdir(join(dir, trackId), { recursive: true });
  const present = kind === 'screen' ? [p.screen!.span] : p.present;
  const spans = present.flatMap((span) => segmentSpans(span, segMs)).map((s) => ({ ...s, startMs: s.startMs + jitterMs }));
  const segments: Segment[] = await pool(
    spans.map((span, i) => async () => {
      const file = join(dir, trackId, `0-${i}.mkv`);
      const source =
        kind === 'screen' ? videoSource({ ...p, colour: p.screen!.colour, content: 'solid' }, span, i) : videoSource(p, span, i);
      const codec =
        kind !== 'audio'
          ? [
              '-filter_complex',
              source,
              '-c:v',
              'libvpx',
              '-deadline',
              'realtime',
              '-cpu-used',
              '8',
              '-b:v',
              '500k',
              '-fps_mode',
              'passthrough',
              '-enc_time_base',
              '1:1000',
            ]
          : ['-f', 'lavfi', '-i', audioSource(p, span), '-c:a', 'libopus', '-b:a', '32k', '-ac', '1'];
      await runFfmpeg([...codec, file]);
      return { file, startMs: span.startMs, endMs: span.endMs };
    }),
  );
  const source = kind === 'video' ? 'camera' : kind === 'screen' ? 'screen' : 'mic';
  return {
    trackId,
    participantId: p.id,
    kind: kind === 'audio' ? 'audio' : 'video',
    source,
    codec: kind === 'audio' ? 'opus' : 'vp8',
    segments,
  };
}

/** Writes every participant's camera and microphone tracks under `dir` and returns the timeline. */
export async function syntheticHearing(
  dir: string,
  hearingId: string,
  sessions: Interval[],
  people: FakeParticipant[],
  segMs = 5000,
): Promise<HearingTimeline> {
  const tracks: TrackTimeline[] = [];
  for (const [i, p] of people.entries()) {
    // Audio and video segments never start at the same instant in live capture.
    tracks.push(await writeTrack(dir, p, 'video', segMs, 0));
    tracks.push(await writeTrack(dir, p, 'audio', segMs, 7 + 5 * i));
    if (p.screen) tracks.push(await writeTrack(dir, p, 'screen', segMs, 13));
  }
  const participants: ParticipantTimeline[] = people.map((p) => ({
    participantId: p.id,
    displayName: p.name,
    role: p.role,
    present: p.present,
  }));
  return { hearingId, sessions, participants, tracks };
}

/** The frame at `seconds` scaled to w×h, as RGB bytes. */
export async function frameAt(file: string, seconds: number, scratch: string, w = 64, h = 36): Promise<Buffer> {
  const out = join(scratch, `frame-${seconds.toFixed(2)}.rgb`);
  await runFfmpeg([
    '-ss',
    seconds.toFixed(3),
    '-i',
    file,
    '-frames:v',
    '1',
    '-vf',
    `scale=${w}:${h}`,
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    out,
  ]);
  return readFile(out);
}

/** Share of the pixels within `tolerance` (sum of channel differences) of `colour`. */
export function colourShare(rgb: Buffer, colour: Rgb, tolerance = 70): number {
  let hits = 0;
  for (let i = 0; i + 2 < rgb.length; i += 3) {
    const d = Math.abs(rgb[i]! - colour[0]) + Math.abs(rgb[i + 1]! - colour[1]) + Math.abs(rgb[i + 2]! - colour[2]);
    if (d <= tolerance) hits++;
  }
  return hits / (rgb.length / 3);
}

export const BASE_MS = Date.UTC(2026, 2, 10, 1, 30, 0); // 08:30 in Hanoi
