// The hearing as this client sees it, and the pure rules that move it: a join snapshot replaces it,
// each notification patches it. Side effects (re-joining, media) live in HearingSession.
import type {
  AttendanceView,
  ConsultationRequestView,
  DisplayLayout,
  HearingSnapshot,
  HearingView,
  LinkQualityView,
  Notification,
  ParticipantView,
  ProducerView,
} from './protocol.js';
import type { HandView } from './protocol.js';
import { addMessage, fromChatSnapshot, INITIAL_CHAT, type ChatState } from './chatState.js';

export type Phase =
  | 'connecting'
  | 'lobby'
  | 'in_hearing'
  | 'ended'
  | 'removed'
  | 'denied'
  /** Left on purpose; the same link can rejoin. */
  | 'left'
  | 'error';

/** The hearing record's live capture, as the bench is told (judge and clerk only). */
export type RecordingStatus = NonNullable<HearingSnapshot['recording']>;
export type RecordingAlert = Omit<Extract<Notification, { type: 'recording.alert' }>, 'type'>;
/** The server could not set up someone's media (media.alert): to whom the server sends it. */
export type MediaAlert = Omit<Extract<Notification, { type: 'media.alert' }>, 'type'>;
/** Space for the hearing record, as the bench is told. */
export type StorageStatus = NonNullable<HearingSnapshot['storage']>;
/** A party whose presence is required left, and why (participant.left; judge and clerk only). */
export type Departure = Omit<Extract<Notification, { type: 'participant.left' }>, 'type'>;
/** Alerts kept for the banner; older ones are in the audit log and the record's minutes. */
const MAX_RECORDING_ALERTS = 5;

export const FINAL_PHASES: ReadonlySet<Phase> = new Set(['ended', 'removed', 'denied', 'left', 'error']);

export interface SessionState {
  phase: Phase;
  /** The socket is up right now (false while socket.io reconnects). */
  connected: boolean;
  self: ParticipantView | null;
  hearing: HearingView | null;
  participants: ParticipantView[];
  lobby: ParticipantView[];
  producers: ProducerView[];
  activeSpeakerId: string | null;
  /** What the courtroom TV shows, as the judge chose it. */
  displayLayout: DisplayLayout;
  /** Judge and clerk: whether the hearing is being recorded; null when not told (other roles). */
  recording: RecordingStatus | null;
  /** Judge and clerk: recent interruptions of the recording, newest last. */
  recordingAlerts: RecordingAlert[];
  /** Media the server could not set up, newest last (the server decides who is told). */
  mediaAlerts: MediaAlert[];
  /** Judge and clerk: space for the record, while low or gone; null when fine or not told. */
  storage: StorageStatus | null;
  /** Judge and clerk: participants whose media connection is lost right now (participant.media). */
  mediaLost: string[];
  /** Judge and clerk: each participant's latest connection quality (participant.quality), by id. */
  linkQuality: Record<string, LinkQualityView>;
  /** Raised hands we may see: the bench the whole queue in raise order, anyone else their own (hand.queue). */
  hands: HandView[];
  /** Chat: open or not, the messages we may read, what was read (chatState.ts). */
  chat: ChatState;
  /** The bench: every summoned participant's attendance and identity checks (attendance.updated). */
  attendance: AttendanceView[];
  /** Judge and clerk: required parties who left and why, newest last, until dismissed or they come back. */
  departures: Departure[];
  /** Consultations asked for and not yet granted: the bench every one, a counsel their own (consultation.requests). */
  consultationRequests: ConsultationRequestView[];
  /** Why the session ended: the server's reason or an error message. */
  reason: string | null;
  errorCode: string | null;
}

export const INITIAL_STATE: SessionState = {
  phase: 'connecting',
  connected: false,
  self: null,
  hearing: null,
  participants: [],
  lobby: [],
  producers: [],
  activeSpeakerId: null,
  displayLayout: { mode: 'speaker' },
  recording: null,
  recordingAlerts: [],
  mediaAlerts: [],
  storage: null,
  mediaLost: [],
  linkQuality: {},
  hands: [],
  chat: INITIAL_CHAT,
  attendance: [],
  departures: [],
  consultationRequests: [],
  reason: null,
  errorCode: null,
};

export function isFinal(phase: Phase): boolean {
  return FINAL_PHASES.has(phase);
}

/** State from a join reply (first join, after admission, after every reconnect). */
export function fromSnapshot(state: SessionState, snapshot: HearingSnapshot): SessionState {
  return {
    ...state,
    phase: phaseOf(snapshot.self, snapshot.hearing),
    self: snapshot.self,
    hearing: snapshot.hearing,
    participants: snapshot.participants.filter((p) => p.status === 'admitted'),
    lobby: snapshot.lobby,
    producers: snapshot.producers,
    activeSpeakerId: snapshot.activeSpeakerId,
    displayLayout: snapshot.displayLayout,
    recording: snapshot.recording ?? null,
    storage: snapshot.storage ?? null,
    linkQuality: Object.fromEntries((snapshot.linkQuality ?? []).map((q) => [q.participantId, q])),
    hands: snapshot.hands ?? [],
    chat: fromChatSnapshot(state.chat, snapshot.chat),
    attendance: snapshot.attendance ?? [],
    consultationRequests: snapshot.consultationRequests ?? [],
    reason: null,
    errorCode: null,
  };
}

function phaseOf(self: ParticipantView, hearing: HearingView): SessionState['phase'] {
  if (hearing.state === 'adjourned') return 'ended';
  switch (self.status) {
    case 'admitted':
      return 'in_hearing';
    case 'denied':
      return 'denied';
    case 'removed':
      return 'removed';
    default:
      return 'lobby'; // invited / lobby / left: the server put us back in the queue
  }
}

/** Apply one notification. Final phases keep their state, except to pick up a late reason. */
export function applyNotification(state: SessionState, n: Notification): SessionState {
  if (isFinal(state.phase)) {
    if (n.type === 'removed' && state.phase === 'removed') return { ...state, reason: n.reason ?? state.reason };
    if (n.type === 'lobby.denied' && state.phase === 'denied') return { ...state, reason: n.reason ?? state.reason };
    return state;
  }
  switch (n.type) {
    case 'hearing.state':
      return {
        ...state,
        hearing: state.hearing ? { ...state.hearing, state: n.state, stage: n.stage, outcome: n.outcome } : state.hearing,
        phase: n.state === 'adjourned' ? 'ended' : state.phase,
        // A postponement's reason is read out to everyone: the end screen shows it.
        reason: n.state === 'adjourned' ? (n.reason ?? null) : state.reason,
      };
    case 'hearing.ended':
      return {
        ...state,
        phase: 'ended',
        hearing: state.hearing ? { ...state.hearing, state: 'adjourned' } : state.hearing,
      };
    case 'participant.updated':
      return applyParticipant(state, n.participant);
    case 'lobby.denied':
      return { ...state, phase: 'denied', reason: n.reason };
    case 'removed':
      return { ...state, phase: 'removed', reason: n.reason };
    case 'media.producerAdded':
      return { ...state, producers: [...state.producers.filter((p) => p.id !== n.producer.id), n.producer] };
    case 'media.producerClosed':
      return { ...state, producers: state.producers.filter((p) => p.id !== n.producerId) };
    case 'media.producerPaused':
      return {
        ...state,
        producers: state.producers.map((p) => (p.id === n.producerId ? { ...p, paused: n.paused } : p)),
      };
    case 'media.activeSpeaker':
      return { ...state, activeSpeakerId: n.participantId };
    case 'display.layout':
      return { ...state, displayLayout: n.layout };
    case 'media.reset':
      // The server's media was rebuilt: every producer is gone; they come back as producerAdded.
      return { ...state, producers: [] };
    case 'recording.status': {
      const { type: _type, ...recording } = n;
      return { ...state, recording };
    }
    case 'storage.status': {
      const { type: _type, ...storage } = n;
      return { ...state, storage: storage.level === 'ok' ? null : storage };
    }
    case 'recording.alert': {
      const { type: _type, ...alert } = n;
      return { ...state, recordingAlerts: [...state.recordingAlerts, alert].slice(-MAX_RECORDING_ALERTS) };
    }
    case 'media.alert': {
      const { type: _type, ...alert } = n;
      return { ...state, mediaAlerts: [...state.mediaAlerts, alert].slice(-MAX_RECORDING_ALERTS) };
    }
    case 'participant.media': {
      const others = state.mediaLost.filter((id) => id !== n.participantId);
      return { ...state, mediaLost: n.state === 'lost' ? [...others, n.participantId] : others };
    }
    case 'participant.quality': {
      const { type: _type, ...quality } = n;
      return { ...state, linkQuality: { ...state.linkQuality, [n.participantId]: quality } };
    }
    case 'hand.queue':
      return { ...state, hands: n.hands };
    case 'chat.message':
      return { ...state, chat: addMessage(state.chat, n.message) };
    case 'chat.open':
      return { ...state, chat: { ...state.chat, open: n.open } };
    case 'participant.left': {
      const { type: _type, ...departure } = n;
      const others = state.departures.filter((d) => d.participantId !== n.participantId);
      return { ...state, departures: [...others, departure].slice(-MAX_RECORDING_ALERTS) };
    }
    case 'attendance.updated': {
      // In place, so the list keeps the summons' order; someone new goes last.
      const at = state.attendance.findIndex((a) => a.participantId === n.attendance.participantId);
      const attendance = at === -1 ? [...state.attendance, n.attendance] : state.attendance.map((a, i) => (i === at ? n.attendance : a));
      return { ...state, attendance };
    }
    case 'consultation.requests':
      return { ...state, consultationRequests: n.requests };
    case 'lobby.admitted':
    case 'media.consumerClosed':
      return state; // handled as side effects by HearingSession / MediaSession
    default:
      return state;
  }
}

function applyParticipant(state: SessionState, p: ParticipantView): SessionState {
  const isSelf = state.self?.id === p.id;
  const admitted = p.status === 'admitted';
  const participants = admitted ? upsert(state.participants, p) : state.participants.filter((x) => x.id !== p.id);
  // Only judge and clerk hear of people outside the hearing: they keep the lobby from these updates.
  const waiting = p.status === 'lobby' && p.connected;
  const lobby = waiting ? upsert(state.lobby, p) : state.lobby.filter((x) => x.id !== p.id);
  // Someone who is no longer in the hearing takes their media with them.
  const producers = admitted ? state.producers : state.producers.filter((x) => x.participantId !== p.id);
  const mediaLost = admitted ? state.mediaLost : state.mediaLost.filter((id) => id !== p.id);
  // Back in the hearing: their departure is old news.
  const departures = admitted ? state.departures.filter((d) => d.participantId !== p.id) : state.departures;
  const { [p.id]: _gone, ...othersQuality } = state.linkQuality;
  const linkQuality = admitted ? state.linkQuality : othersQuality;
  let phase = state.phase;
  if (isSelf && p.status === 'removed') phase = 'removed';
  if (isSelf && p.status === 'denied') phase = 'denied';
  return {
    ...state,
    self: isSelf ? p : state.self,
    participants,
    lobby,
    producers,
    mediaLost,
    linkQuality,
    departures,
    phase,
    activeSpeakerId: !admitted && state.activeSpeakerId === p.id ? null : state.activeSpeakerId,
  };
}

function upsert(list: ParticipantView[], p: ParticipantView): ParticipantView[] {
  const index = list.findIndex((x) => x.id === p.id);
  if (index === -1) return [...list, p];
  const copy = list.slice();
  copy[index] = p;
  return copy;
}
