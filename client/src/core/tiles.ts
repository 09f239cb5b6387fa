// What the video grid shows, derived from the session and media states: one camera tile per
// admitted participant of one's own room who takes part (observers only watch), one large tile per screen share.
// Order says who presides: the judge first and biggest, then shared screens, then by role.
import { roleRank } from '../../../core/lib/courtLocale.js';
import type { MediaState } from './MediaSession.js';
import type { ParticipantView, ProducerView } from './protocol.js';
import type { SessionState } from './sessionState.js';
import { sameRoom } from './rooms.js';

export interface TileModel {
  key: string;
  participant: ParticipantView;
  source: 'camera' | 'screen';
  video: MediaStreamTrack | null;
  audioMuted: boolean;
  activeSpeaker: boolean;
  isSelf: boolean;
  /** Rendered large: the judge's camera and every screen share. */
  featured: boolean;
  /** The server holds this video back to save bandwidth (last-N): a name card and a word why, not a frozen frame. */
  held: boolean;
}

export function buildTiles(state: SessionState, media: MediaState): TileModel[] {
  const selfId = state.self?.id ?? null;
  const people = state.participants
    .map((p) => (p.id === selfId && state.self ? state.self : p))
    // Observers and TV displays only watch: they get no tile.
    .filter((p) => p.status === 'admitted' && p.role !== 'observer' && p.device?.kind !== 'display');
  if (
    state.self &&
    state.self.status === 'admitted' &&
    state.self.role !== 'observer' &&
    !state.self.device &&
    !people.some((p) => p.id === selfId)
  ) {
    people.push(state.self);
  }
  // Only one's own room is seen (rooms.ts): nobody at all in the witness room, the members in a side room.
  const seen = state.self ? sameRoom(state.self, people) : people;

  const cameras: TileModel[] = [];
  const screens: TileModel[] = [];
  for (const participant of seen) {
    const isSelf = participant.id === selfId;
    const own = state.producers.filter((p) => p.participantId === participant.id);
    const audioMuted = isSelf
      ? !media.micOn || !media.local.mic || participant.forcedMute.audio
      : isMuted(find(own, 'mic')) || participant.forcedMute.audio;
    const camera = find(own, 'camera');
    const held = !isSelf && !!camera && !camera.paused && !!media.held?.[participant.id]?.camera;
    cameras.push({
      key: `${participant.id}:camera`,
      participant,
      source: 'camera',
      video: isSelf ? cameraOf(media) : held ? null : liveTrack(camera, media.remote[participant.id]?.camera),
      held,
      audioMuted,
      activeSpeaker: state.activeSpeakerId === participant.id,
      isSelf,
      featured: participant.role === 'judge',
    });
    const sharing = isSelf ? media.screenOn && !!media.local.screen : !!find(own, 'screen');
    if (sharing) {
      screens.push({
        key: `${participant.id}:screen`,
        participant,
        source: 'screen',
        video: isSelf ? (media.local.screen ?? null) : (media.remote[participant.id]?.screen ?? null),
        audioMuted,
        activeSpeaker: false,
        isSelf,
        featured: true,
        // Screen shares are pinned at the server (LastN): never held.
        held: false,
      });
    }
  }
  cameras.sort(byRoleThenName);
  const [first, ...rest] = cameras;
  return first?.participant.role === 'judge' ? [first, ...screens, ...rest] : [...screens, ...cameras];
}

function find(producers: ProducerView[], source: ProducerView['source']): ProducerView | undefined {
  return producers.find((p) => p.source === source);
}

function isMuted(mic: ProducerView | undefined): boolean {
  return !mic || mic.paused;
}

/** A paused camera would show a frozen last frame; show the name card instead. */
function liveTrack(producer: ProducerView | undefined, track: MediaStreamTrack | undefined): MediaStreamTrack | null {
  if (!producer || producer.paused) return null;
  return track ?? null;
}

function cameraOf(media: MediaState): MediaStreamTrack | null {
  return media.cameraOn ? (media.local.camera ?? null) : null;
}

function byRoleThenName(a: TileModel, b: TileModel): number {
  const byRole = roleRank(a.participant.role) - roleRank(b.participant.role);
  return byRole !== 0 ? byRole : a.participant.displayName.localeCompare(b.participant.displayName, 'vi');
}
