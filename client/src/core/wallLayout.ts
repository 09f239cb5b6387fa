// What the courtroom TV shows, derived from the session and media states and the layout the judge
// chose (DisplayLayout): one large tile and a row of small ones, or everyone equal. Pure, so the
// rules are tested without a browser; the kiosk components only render the result.
import { roleRank } from '../../../core/lib/courtLocale.js';
import type { MediaState, RemoteTracks } from './MediaSessionTypes.js';
import type { DisplayLayout, ParticipantView, ProducerView } from './protocol.js';

export interface WallTile {
  key: string;
  participant: ParticipantView;
  source: 'camera' | 'screen';
  video: MediaStreamTrack | null;
  audioMuted: boolean;
  speaking: boolean;
}

export interface WallModel {
  /** The layout in force: the judge's choice, or 'speaker' when the chosen person is not here. */
  mode: DisplayLayout['mode'];
  /** Null in grid mode (everyone equal) or when nobody is in the hearing. */
  main: WallTile | null;
  others: WallTile[];
}

export interface WallInput {
  selfId: string | null;
  participants: ParticipantView[];
  producers: ProducerView[];
  remote: RemoteTracks;
  activeSpeakerId: string | null;
  layout: DisplayLayout;
}

/** Who appears on the wall: admitted people and cameras; never observers, displays, or the TV itself. */
export function onWall(p: ParticipantView, selfId: string | null): boolean {
  return p.id !== selfId && p.status === 'admitted' && p.role !== 'observer' && p.device?.kind !== 'display';
}

export function buildWall(input: WallInput): WallModel {
  const people = input.participants.filter((p) => onWall(p, input.selfId)).sort(byRoleThenName);
  const cameras: WallTile[] = [];
  const screens: WallTile[] = [];
  for (const participant of people) {
    const own = input.producers.filter((p) => p.participantId === participant.id);
    const mic = own.find((p) => p.source === 'mic');
    const audioMuted = !mic || mic.paused || participant.forcedMute.audio;
    const tracks = input.remote[participant.id] ?? {};
    cameras.push({
      key: `${participant.id}:camera`,
      participant,
      source: 'camera',
      video: live(
        own.find((p) => p.source === 'camera'),
        tracks.camera,
      ),
      audioMuted,
      speaking: input.activeSpeakerId === participant.id,
    });
    const screen = own.find((p) => p.source === 'screen');
    if (screen) {
      screens.push({
        key: `${participant.id}:screen`,
        participant,
        source: 'screen',
        video: live(screen, tracks.screen),
        audioMuted,
        speaking: false,
      });
    }
  }
  const all = [...cameras, ...screens];
  const first = all[0];
  if (!first) return { mode: input.layout.mode, main: null, others: [] };
  if (input.layout.mode === 'grid') return { mode: 'grid', main: null, others: all };

  let mode: DisplayLayout['mode'] = input.layout.mode;
  let main: WallTile | undefined;
  if (input.layout.mode === 'participant') {
    const chosen = input.layout.participantId;
    // Someone who shares a screen is chosen for what they show (evidence), not for their face.
    main = screens.find((t) => t.participant.id === chosen) ?? cameras.find((t) => t.participant.id === chosen);
    if (!main) mode = 'speaker';
  }
  // Speaker: who speaks now; before anyone has spoken, the presiding judge; else the first.
  main ??= cameras.find((t) => t.speaking) ?? cameras.find((t) => t.participant.role === 'judge') ?? first;
  return { mode, main, others: all.filter((t) => t !== main) };
}

/** A paused producer would freeze its last frame on the wall; show the name card instead. */
function live(producer: ProducerView | undefined, track: MediaStreamTrack | undefined): MediaStreamTrack | null {
  if (!producer || producer.paused) return null;
  return track ?? null;
}

function byRoleThenName(a: ParticipantView, b: ParticipantView): number {
  const byRole = roleRank(a.role) - roleRank(b.role);
  return byRole !== 0 ? byRole : a.displayName.localeCompare(b.displayName, 'vi');
}

/**
 * The TV says it is reconnecting while the socket is down, while media failed, and while media
 * is being rebuilt after having worked (a first start is just "connecting").
 */
export function isReconnecting(connected: boolean, media: MediaState['status'], everReady: boolean): boolean {
  return !connected || media === 'failed' || media === 'reconnecting' || (everReady && (media === 'starting' || media === 'idle'));
}
