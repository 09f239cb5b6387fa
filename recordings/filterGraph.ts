// One chunk's ffmpeg command: inputs, filter graph and encoder settings, from a ChunkPlan.
//
// Video, per scene (a stretch with one layout): a canvas of exactly `frames` frames at constant
// fps; each captured camera/screen segment overlapping the scene is decoded with its own
// timestamps (-copyts), shifted by (segment.startMs - scene start), scaled to its tile and
// overlaid. The overlay shows a segment's latest frame at or before each canvas frame, so variable
// frame rate, missing frames and late first frames need no fps filter; before a segment starts
// and after it ends the tile stays dark (eof_action=pass). Labels and the clock go on last.
// Scenes are joined with the concat filter. The canvas, not the inputs, sets the frame count, so
// a chunk is exactly its length whatever the capture did.
//
// Audio: every floor audio segment overlapping the chunk (interpreters' are left out of the mix:
// composite/floorMix.ts), placed by sample offset, cut to its wall-contiguous piece, holes filled
// with silence (aresample async), mixed over a silent base of the exact length. The noise
// bitstream filter then keeps only the AAC packets of this chunk's 1024-sample-aligned span (see
// planChunk).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROLE_LABELS, zoneLabel, zoneOffsetMs } from '../core/lib/courtLocale.js';
import { segmentsIn, type ChunkPlan, type Scene } from './composite/chunkPlan.js';
import { floorAudioTracks } from './composite/floorMix.js';
import { SAMPLE_RATE } from './composite/SessionClock.js';
import { SCREEN_LABEL, type Tile } from './composite/tileLayout.js';
import type { HearingTimeline, Segment, TrackTimeline } from './types.js';

export interface EncodeSettings {
  width: number;
  height: number;
  fps: number;
  timeZone: string;
}

export interface ChunkCommand {
  /** ffmpeg arguments up to (not including) the output file name. */
  args: string[];
  /** Files the command reads (filter script, label texts): path → content. */
  files: Map<string, string>;
}

const FONT_CANDIDATES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', // fonts-dejavu-core
  '/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf', // fonts-noto-core
  '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
];

/** A font file with Vietnamese glyphs; null lets fontconfig pick "Sans". */
export function findFont(): string | null {
  const env = process.env.VCOURT_FONT;
  if (env && existsSync(env)) return env;
  return FONT_CANDIDATES.find((f) => existsSync(f)) ?? null;
}

/** Escape a filter option value for both levels ffmpeg parses (option, then graph). */
export function escapeValue(v: string): string {
  return v.replace(/[\\':]/g, '\\$&').replace(/[\\'[\],;]/g, '\\$&');
}

const num = (x: number) => String(Math.round(x * 1e6) / 1e6);
/** `PTS+x` that stays valid for negative x. */
const shift = (base: string, x: number) => (x < 0 ? `${base}-${num(-x)}` : `${base}+${num(x)}`);

const INPUT_PREROLL_S = 1;
/** Longest a camera's last frame is expected to stay on screen (WebRTC may drop to a few fps). */
const VIDEO_SLACK_MS = 250;

function truncate(text: string, maxChars: number): string {
  const chars = [...text];
  return chars.length <= maxChars ? text : `${chars.slice(0, Math.max(1, maxChars - 1)).join('')}…`;
}

export function buildChunkCommand(timeline: HearingTimeline, plan: ChunkPlan, s: EncodeSettings, scratchDir: string): ChunkCommand {
  const inputs: string[] = [];
  const files = new Map<string, string>();
  const graph: string[] = [];
  const font = findFont();
  const fontOpt = font ? `fontfile=${escapeValue(font)}` : 'font=Sans';
  let textNo = 0;
  const textFile = (content: string) => {
    const path = join(scratchDir, `text-${textNo++}.txt`);
    files.set(path, content);
    return escapeValue(path);
  };

  /** Adds an input; skips most of a long segment with a fast seek, keeping 1 s before `fromMs` so the
   *  frame showing at `fromMs` is decoded. -copyts keeps the segment's own timestamps either way. */
  let inputCount = 0;
  const addInput = (seg: Segment, fromMs: number): number => {
    const skip = (fromMs - seg.startMs) / 1000 - INPUT_PREROLL_S;
    if (skip > 1) inputs.push('-ss', num(skip));
    inputs.push('-reinit_filter', '0', '-i', seg.file);
    return inputCount++;
  };

  const sceneLabels = plan.scenes.map((scene, i) => buildScene(scene, i));

  function buildScene(scene: Scene, i: number): string {
    const { layout } = scene;
    const sceneEndMs = scene.wallStartMs + (scene.frames * 1000) / s.fps;
    // The empty room (bar, dark tiles) is drawn once and repeated: drawbox on every frame cost
    // more than all the decoding and overlaying together.
    const base = [
      `color=c=0x0b0f14:s=${s.width}x${s.height}:r=${s.fps}`,
      'trim=end_frame=1',
      `drawbox=x=0:y=0:w=${s.width}:h=${layout.barHeight}:color=0x000000:t=fill`,
      ...layout.tiles.map((t) => `drawbox=x=${t.rect.x}:y=${t.rect.y}:w=${t.rect.w}:h=${t.rect.h}:color=0x1f2933:t=fill`),
      `loop=loop=${scene.frames - 1}:size=1:start=0`,
      `setpts=N/${s.fps}/TB`,
    ];
    let cur = `s${i}c0`;
    graph.push(`${base.join(',')}[${cur}]`);
    let n = 0;
    for (const tile of layout.tiles) {
      const tracks = timeline.tracks.filter(
        (t: TrackTimeline) => t.participantId === tile.participantId && t.kind === 'video' && t.source === tile.source,
      );
      for (const seg of segmentsIn(tracks, scene.wallStartMs, sceneEndMs, VIDEO_SLACK_MS)) {
        const j = addInput(seg, scene.wallStartMs);
        const { x, y, w, h } = tile.rect;
        const v = `s${i}v${n}`;
        graph.push(
          `[${j}:v:0]${shift('setpts=PTS', (seg.startMs - scene.wallStartMs) / 1000)}/TB,` +
            `scale=w=${w}:h=${h}:force_original_aspect_ratio=decrease:force_divisible_by=2:flags=fast_bilinear[${v}]`,
        );
        const next = `s${i}c${++n}`;
        graph.push(`[${cur}][${v}]overlay=x=${x}+(${w}-overlay_w)/2:y=${y}+(${h}-overlay_h)/2:eof_action=pass:format=yuv420[${next}]`);
        cur = next;
      }
    }
    const texts: string[] = [];
    for (const tile of layout.tiles) texts.push(...labelFilters(tile));
    // The clock: drawtext's pts:gmtime with the scene's wall start shifted into the court's zone.
    const zone = zoneOffsetMs(s.timeZone, scene.wallStartMs);
    const epoch = (scene.wallStartMs + zone) / 1000;
    const clockSize = Math.round(layout.barHeight * 0.6);
    texts.push(
      `drawtext=${fontOpt}:textfile=${textFile(`%{pts:gmtime:${epoch.toFixed(3)}:%d/%m/%Y %H\\:%M\\:%S} (${zoneLabel(zone)})`)}` +
        `:fontsize=${clockSize}:fontcolor=white:x=w-tw-${clockSize}:y=(${layout.barHeight}-th)/2`,
    );
    const out = `s${i}`;
    graph.push(`[${cur}]${texts.join(',')}[${out}]`);
    return out;
  }

  function labelFilters(tile: Tile): string[] {
    const { x, y, w, h } = tile.rect;
    const size = Math.max(12, Math.min(26, Math.round(h / 12)));
    const pad = Math.round(size / 3);
    const maxChars = Math.floor((w - 4 * pad) / (size * 0.6));
    const name = truncate(tile.displayName, maxChars);
    const role = tile.source === 'screen' ? SCREEN_LABEL : (ROLE_LABELS[tile.role]?.vi ?? tile.role);
    const box = `box=1:boxcolor=0x000000@0.6:boxborderw=${pad}:expansion=none`;
    const roleY = y + h - 2 * pad - size;
    const nameY = roleY - 2 * pad - size;
    return [
      `drawtext=${fontOpt}:textfile=${textFile(name)}:fontsize=${size}:fontcolor=white:x=${x + 2 * pad}:y=${nameY}:${box}`,
      `drawtext=${fontOpt}:textfile=${textFile(truncate(role, maxChars))}:fontsize=${Math.round(size * 0.8)}:fontcolor=0xffd479:x=${x + 2 * pad}:y=${roleY}:${box}`,
    ];
  }

  const video = sceneLabels.length === 1 ? sceneLabels[0] : 'vcat';
  if (sceneLabels.length > 1) graph.push(`${sceneLabels.map((l) => `[${l}]`).join('')}concat=n=${sceneLabels.length}:v=1:a=0[vcat]`);
  graph.push(`[${video}]format=yuv420p[vout]`);

  // Audio: timestamps in samples (asettb), 0 = the first sample fed to the encoder.
  const { audio } = plan;
  const audioTracks = floorAudioTracks(timeline); // interpreters' channels stay in their own track files
  const mixIn = ['abase'];
  graph.push(`anullsrc=r=${SAMPLE_RATE}:cl=mono,atrim=end_sample=${audio.samples}[abase]`);
  for (const piece of audio.pieces) {
    const pieceEndMs = piece.wallStartMs + ((piece.end - piece.first) * 1000) / SAMPLE_RATE;
    for (const seg of segmentsIn(audioTracks, piece.wallStartMs, pieceEndMs)) {
      const j = addInput(seg, piece.wallStartMs);
      const offset = Math.round(((seg.startMs - piece.wallStartMs) * SAMPLE_RATE) / 1000) + piece.first;
      const a = `a${mixIn.length}`;
      graph.push(
        `[${j}:a:0]aformat=sample_fmts=fltp:sample_rates=${SAMPLE_RATE}:channel_layouts=mono,asettb=1/${SAMPLE_RATE},` +
          `${shift('asetpts=PTS', offset)},atrim=start_pts=${piece.first}:end_pts=${piece.end},` +
          `aresample=async=1000:min_hard_comp=0.01:first_pts=0[${a}]`,
      );
      mixIn.push(a);
    }
  }
  const mixed =
    mixIn.length === 1
      ? '[abase]'
      : `${mixIn.map((l) => `[${l}]`).join('')}amix=inputs=${mixIn.length}:duration=first:dropout_transition=0:normalize=0,`;
  graph.push(`${mixed}${shift('asetpts=PTS', audio.startOffset)}[aout]`);

  const script = join(scratchDir, 'graph.txt');
  files.set(script, graph.join(';\n'));
  const args = [
    '-copyts',
    ...inputs,
    '-filter_complex_script',
    script,
    '-map',
    '[vout]',
    '-map',
    '[aout]',
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-crf',
    '26',
    '-profile:v',
    'high',
    '-pix_fmt',
    'yuv420p',
    '-g',
    String(2 * s.fps),
    '-r',
    String(s.fps),
    '-fps_mode',
    'cfr',
    '-c:a',
    'aac',
    '-b:a',
    '64k',
    '-ar',
    String(SAMPLE_RATE),
    '-ac',
    '1',
    '-bsf:a',
    `noise=drop=lt(n\\,${audio.keepFrom})+gte(n\\,${audio.keepTo})`,
    '-f',
    'mpegts',
  ];
  return { args, files };
}
