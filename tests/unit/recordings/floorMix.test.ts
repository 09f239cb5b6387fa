// The composite mixes the floor only (recordings/composite/floorMix.ts): an interpreter's
// microphone stays in its own track files and out of the composite's audio, their camera stays on screen.
import { describe, expect, it } from 'vitest';
import { planChunk } from '../../../recordings/composite/chunkPlan.js';
import { floorAudioTracks } from '../../../recordings/composite/floorMix.js';
import { SessionClock } from '../../../recordings/composite/SessionClock.js';
import { buildChunkCommand } from '../../../recordings/filterGraph.js';
import type { HearingTimeline, TrackTimeline } from '../../../recordings/types.js';

const B = Date.UTC(2026, 2, 10, 1, 30, 0);
const track = (participantId: string, kind: 'audio' | 'video', source: TrackTimeline['source']): TrackTimeline => ({
  trackId: `${participantId}-${source}`,
  participantId,
  kind,
  source,
  codec: kind === 'audio' ? 'opus' : 'vp8',
  segments: [{ file: `/rec/${participantId}-${source}.mkv`, startMs: B, endMs: B + 10_000 }],
});

const present = [{ startMs: B, endMs: B + 10_000 }];
const timeline: HearingTimeline = {
  hearingId: 'h',
  sessions: present,
  participants: [
    { participantId: 'judge', displayName: 'Thẩm phán', role: 'judge', present },
    { participantId: 'int', displayName: 'Phiên dịch', role: 'interpreter', present },
    { participantId: 'def', displayName: 'Bị cáo', role: 'defendant', present },
  ],
  tracks: ['judge', 'int', 'def'].flatMap((id) => [track(id, 'video', 'camera'), track(id, 'audio', 'mic')]),
};

describe('floorAudioTracks()', () => {
  it("is every microphone but the interpreter's", () => {
    expect(floorAudioTracks(timeline).map((t) => t.trackId)).toEqual(['judge-mic', 'def-mic']);
  });
});

describe("the composite's ffmpeg command", () => {
  const clock = new SessionClock(timeline.sessions, 25);
  const settings = { width: 1280, height: 720, fps: 25, timeZone: 'Asia/Ho_Chi_Minh' };
  const { args, files } = buildChunkCommand(timeline, planChunk(timeline, clock, 0, 250, 1280, 720), settings, '/scratch');
  const inputs = args.filter((_, i) => args[i - 1] === '-i');
  const graph = [...files].find(([path]) => path.endsWith('graph.txt'))?.[1] ?? '';

  it("mixes the floor's microphones and leaves the interpreter's out", () => {
    expect(inputs).toContain('/rec/judge-mic.mkv');
    expect(inputs).toContain('/rec/def-mic.mkv');
    expect(inputs).not.toContain('/rec/int-mic.mkv');
    // The silent base and the two floor microphones.
    expect(graph).toContain('amix=inputs=3:');
  });

  it("still shows the interpreter's camera", () => {
    expect(inputs).toContain('/rec/int-camera.mkv');
  });
});
