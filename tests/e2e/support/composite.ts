// Reads the composite MP4 the way a person checking it would: what streams it has, how long it
// is, whether it decodes cleanly, and which participants' colours are on screen at a moment.
import { execFileSync, spawnSync } from 'node:child_process';
import type { Rgb } from './fakeMedia.js';

export function probe(file: string): { codecs: string[]; duration: number } {
  const out = JSON.parse(
    execFileSync('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_streams', '-show_format', file], { encoding: 'utf8' }),
  ) as { streams: { codec_name: string }[]; format: { duration: string } };
  return { codecs: out.streams.map((s) => s.codec_name), duration: Number(out.format.duration) };
}

/** ffmpeg's complaints while decoding the whole file; empty when it decodes cleanly. */
export function decodeErrors(file: string): string {
  const r = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'null', '-'], { encoding: 'utf8' });
  return `${r.stderr}`.trim() + (r.status === 0 ? '' : `\n(exit ${r.status})`);
}

/** Share of the frame at `seconds` whose pixels are close to `colour`. */
export function colourShare(file: string, seconds: number, colour: Rgb, tolerance = 60): number {
  const w = 320;
  const h = 180;
  const raw = execFileSync('ffmpeg', [
    '-v',
    'error',
    '-ss',
    seconds.toFixed(2),
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
    '-',
  ]);
  let hits = 0;
  for (let i = 0; i + 2 < raw.length; i += 3) {
    // i + 2 < raw.length: the pixel's three bytes are there.
    const d = Math.abs(raw[i]! - colour[0]) + Math.abs(raw[i + 1]! - colour[1]) + Math.abs(raw[i + 2]! - colour[2]);
    if (d <= tolerance) hits++;
  }
  return hits / (w * h);
}
