// The courtroom TV's layout rules (client/src/core/wallLayout.ts): pure, so no browser. Tracks are
// plain stand-in objects; only their identity matters to the layout.
import { describe, expect, it } from 'vitest';
import { buildWall, isReconnecting, type WallInput } from '../../../client/src/core/wallLayout.js';
import type { ParticipantView, ProducerView, Role } from '../../../core/protocol/model.js';
import { participantView } from '../../support/participantView.js';

function person(id: string, role: Role, extra: Partial<ParticipantView> = {}): ParticipantView {
  return participantView(id, role, { hearingId: 'h1', ...extra });
}

const track = (name: string) => ({ id: name }) as unknown as MediaStreamTrack;

function producer(participantId: string, source: ProducerView['source'], paused = false): ProducerView {
  return { id: `${participantId}-${source}`, participantId, kind: source === 'mic' ? 'audio' : 'video', source, paused };
}

const tv = person('tv', 'device', { device: { id: 'd1', kind: 'display', status: 'live' } });
const judge = person('judge', 'judge');
const defendant = person('def', 'defendant');
const counsel = person('counsel', 'counsel');
const observer = person('obs', 'observer');
const camera = person('cam', 'device', { device: { id: 'd2', kind: 'camera', status: 'live' } });

function input(extra: Partial<WallInput> = {}): WallInput {
  const people = [tv, counsel, defendant, judge, observer, camera];
  return {
    selfId: tv.id,
    participants: people,
    producers: [judge, defendant, counsel, camera].flatMap((p) => [producer(p.id, 'mic'), producer(p.id, 'camera')]),
    remote: Object.fromEntries(
      [judge, defendant, counsel, camera].map((p) => [p.id, { camera: track(`${p.id}-cam`), mic: track(`${p.id}-mic`) }]),
    ),
    activeSpeakerId: null,
    layout: { mode: 'speaker' },
    ...extra,
  };
}

const ids = (tiles: { participant: ParticipantView; source: string }[]) => tiles.map((t) => `${t.participant.id}:${t.source}`);

describe('buildWall (courtroom TV layout)', () => {
  it('shows the judge large before anyone speaks, everyone else small, and never the TV itself or observers', () => {
    const wall = buildWall(input());
    expect(wall.mode).toBe('speaker');
    expect(wall.main?.participant.id).toBe('judge');
    expect(wall.main?.video).toEqual(track('judge-cam'));
    expect(ids(wall.others)).toEqual(['counsel:camera', 'def:camera', 'cam:camera']);
  });

  it('puts the active speaker large in speaker mode', () => {
    const wall = buildWall(input({ activeSpeakerId: 'def' }));
    expect(wall.main?.participant.id).toBe('def');
    expect(wall.main?.speaking).toBe(true);
    expect(ids(wall.others)).toEqual(['judge:camera', 'counsel:camera', 'cam:camera']);
  });

  it('shows everyone equal in grid mode', () => {
    const wall = buildWall(input({ layout: { mode: 'grid' }, activeSpeakerId: 'def' }));
    expect(wall.main).toBeNull();
    expect(ids(wall.others)).toEqual(['judge:camera', 'counsel:camera', 'def:camera', 'cam:camera']);
  });

  it('shows the chosen participant large, whoever speaks', () => {
    const wall = buildWall(input({ layout: { mode: 'participant', participantId: 'def' }, activeSpeakerId: 'counsel' }));
    expect(wall.mode).toBe('participant');
    expect(wall.main?.participant.id).toBe('def');
    expect(ids(wall.others)).toEqual(['judge:camera', 'counsel:camera', 'cam:camera']);
  });

  it("shows a chosen participant's screen share (the evidence) rather than their face", () => {
    const base = input();
    const wall = buildWall({
      ...base,
      producers: [...base.producers, producer('counsel', 'screen')],
      remote: { ...base.remote, counsel: { ...base.remote.counsel, screen: track('counsel-screen') } },
      layout: { mode: 'participant', participantId: 'counsel' },
    });
    expect(ids([wall.main!])).toEqual(['counsel:screen']);
    expect(wall.main?.video).toEqual(track('counsel-screen'));
    expect(ids(wall.others)).toContain('counsel:camera');
  });

  it('falls back to the speaker layout when the chosen participant is not in the hearing', () => {
    const wall = buildWall(input({ layout: { mode: 'participant', participantId: 'gone' }, activeSpeakerId: 'counsel' }));
    expect(wall.mode).toBe('speaker');
    expect(wall.main?.participant.id).toBe('counsel');
  });

  it('shows a name card, not a frozen frame, for a paused camera or one not received yet', () => {
    const base = input();
    const paused = buildWall({ ...base, producers: base.producers.map((p) => (p.id === 'judge-camera' ? { ...p, paused: true } : p)) });
    expect(paused.main?.participant.id).toBe('judge');
    expect(paused.main?.video).toBeNull();
    const notYet = buildWall({ ...base, remote: {} });
    expect(notYet.main?.video).toBeNull();
  });

  it('marks a participant without a live microphone as muted', () => {
    const base = input();
    const wall = buildWall({ ...base, producers: base.producers.filter((p) => p.id !== 'def-mic') });
    expect(wall.others.find((t) => t.participant.id === 'def')?.audioMuted).toBe(true);
    expect(wall.main?.audioMuted).toBe(false);
  });

  it('is empty when nobody but the TV is in the hearing', () => {
    const wall = buildWall(input({ participants: [tv, observer] }));
    expect(wall.main).toBeNull();
    expect(wall.others).toEqual([]);
  });
});

describe('isReconnecting', () => {
  it('is shown while the socket is down, while media failed, and while media is rebuilt after working', () => {
    expect(isReconnecting(false, 'ready', true)).toBe(true);
    expect(isReconnecting(true, 'failed', false)).toBe(true);
    expect(isReconnecting(true, 'starting', true)).toBe(true);
    expect(isReconnecting(true, 'starting', false)).toBe(false);
    expect(isReconnecting(true, 'ready', true)).toBe(false);
  });
});
