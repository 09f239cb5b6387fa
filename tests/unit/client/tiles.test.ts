// The video grid's tiles (client/src/core/tiles.ts) for a video the server holds back in a large
// hearing (last-N, media.consumerHeld): a name card and a word why, never a frozen last frame.
import { describe, expect, it } from 'vitest';
import type { MediaState } from '../../../client/src/core/MediaSession.js';
import type { ParticipantView, ProducerView, Role } from '../../../client/src/core/protocol.js';
import { INITIAL_STATE, type SessionState } from '../../../client/src/core/sessionState.js';
import { buildTiles } from '../../../client/src/core/tiles.js';
import { participantView } from '../../support/participantView.js';

const person = (id: string, role: Role): ParticipantView => participantView(id, role);
const camera = (participantId: string, paused = false): ProducerView => ({
  id: `${participantId}-cam`,
  participantId,
  kind: 'video',
  source: 'camera',
  paused,
});
const track = { id: 'a frozen track' } as unknown as MediaStreamTrack;

const judge = person('judge', 'judge');
const defendant = person('def', 'defendant');
const prosecutor = person('pro', 'prosecutor');
const state = (producers: ProducerView[]): SessionState => ({
  ...INITIAL_STATE,
  phase: 'in_hearing',
  self: judge,
  participants: [judge, defendant, prosecutor],
  producers,
});
const media = (held: MediaState['held']): MediaState => ({
  status: 'ready',
  error: null,
  local: {},
  micOn: true,
  cameraOn: true,
  screenOn: false,
  remote: { def: { camera: track }, pro: { camera: track } },
  held,
});
const tileOf = (tiles: ReturnType<typeof buildTiles>, id: string) => tiles.find((t) => t.participant.id === id)!;

describe('a video the server holds back', () => {
  it('shows no track and says it is held; the others play', () => {
    const tiles = buildTiles(state([camera('def'), camera('pro')]), media({ def: { camera: true } }));
    expect(tileOf(tiles, 'def')).toMatchObject({ held: true, video: null });
    expect(tileOf(tiles, 'pro')).toMatchObject({ held: false, video: track });
  });

  it('is not called held when the camera is off anyway, nor when nothing is held', () => {
    const off = buildTiles(state([camera('def', true)]), media({ def: { camera: true } }));
    expect(tileOf(off, 'def')).toMatchObject({ held: false, video: null });
    const none = buildTiles(state([camera('def')]), media(undefined));
    expect(tileOf(none, 'def')).toMatchObject({ held: false, video: track });
  });

  it('never applies to oneself', () => {
    const tiles = buildTiles(state([camera('judge')]), media({ judge: { camera: true } }));
    expect(tileOf(tiles, 'judge').held).toBe(false);
  });
});
