// One participant's session in one hearing, free of any UI framework. It owns the socket.io
// connection, sends typed requests, folds notifications into SessionState (sessionState.ts) and
// drives the MediaSession. React reads it through useSyncExternalStore (subscribe/getSnapshot).
//
// Joining is idempotent on the server, so we simply join on every (re)connect and again when the
// lobby admits us; each join reply is a full snapshot that replaces what we had.
import { io, type Socket } from 'socket.io-client';
import { DEFAULT_PREFS, type DevicePrefs } from './localMedia.js';
import { MediaSession } from './MediaSession.js';
import {
  NOTIFICATION_EVENT,
  REQUEST_EVENT,
  SOCKET_PATH,
  type DisplayLayout,
  type ErrorBody,
  type MediaKind,
  type Notification,
  type Reply,
  type Request,
  type ResponseMap,
  type Role,
  type RoomId,
  type TransitionAction,
} from './protocol.js';
import { RequestError, type ClientErrorCode } from './RequestError.js';
import { SnapshotStore } from './SnapshotStore.js';
import { INITIAL_STATE, applyNotification, fromSnapshot, isFinal, type SessionState } from './sessionState.js';
import { moveTo } from './transitions.js';
import { isDesk, markRead } from './chatState.js';
import { NodeRedirects, RETURN_AFTER_FAILURES } from './nodeRedirect.js';

interface ServerToClient {
  notification: (n: Notification) => void;
}
interface ClientToServer {
  request: (msg: Request, ack: (reply: Reply) => void) => void;
}

export interface HearingSessionOptions {
  /** The invitation token (JWT) from the link. */
  token: string;
  /** Our role, known from the invitation before connecting: observers never produce media. */
  role: Role;
  /** Watch only, never capture (a courtroom TV); defaults to true for observers. */
  receiveOnly?: boolean;
  prefs?: DevicePrefs;
  /** Defaults to the page's origin (the server serves the client). */
  url?: string;
  requestTimeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** After a final notification, linger briefly so a trailing reason still arrives. */
const LINGER_MS = 1_000;

export class HearingSession extends SnapshotStore<SessionState> {
  readonly media: MediaSession;
  readonly #options: HearingSessionOptions;
  #socket: Socket<ServerToClient, ClientToServer> | null = null;
  /** Only the newest join reply counts (a reconnect may overtake an admission re-join). */
  #joinSeq = 0;
  #finished = false;
  /** The node the socket goes to: the page's (or options.url) until a `moved` names another. */
  #url: string | undefined;
  #redirects: NodeRedirects | undefined;
  /** Reconnections failed in a row (a node we were sent to may have stopped). */
  #failures = 0;

  constructor(options: HearingSessionOptions) {
    super(INITIAL_STATE);
    this.#options = options;
    this.media = new MediaSession({
      request: this.request,
      receiveOnly: options.receiveOnly ?? options.role === 'observer',
      prefs: options.prefs ?? DEFAULT_PREFS,
    });
  }

  /** Open the socket; joining follows on connect. Safe to call twice. */
  connect(): void {
    if (this.#socket || this.#finished) return;
    const url = (this.#url ??= this.#options.url ?? location.origin);
    this.#redirects ??= new NodeRedirects(url);
    const socket: Socket<ServerToClient, ClientToServer> = io(url, {
      path: SOCKET_PATH,
      auth: { token: this.#options.token },
      transports: ['websocket'],
    });
    this.#socket = socket;
    socket.on('connect', () => {
      this.#failures = 0;
      this.update({ connected: true });
      void this.#join();
    });
    socket.on('disconnect', (reason) => {
      this.update({ connected: false });
      // Only a server-side disconnect is final; anything else socket.io retries on its own.
      if (reason === 'io server disconnect' && !isFinal(this.getSnapshot().phase)) {
        this.#fail('disconnected', null);
      }
    });
    socket.on('connect_error', (error) => {
      // `active`: socket.io retries by itself; but a node we were sent to may be gone for good,
      // and the node we started from then sends us on to the one that serves the hearing now.
      if (socket.active) {
        const back = ++this.#failures >= RETURN_AFTER_FAILURES ? this.#redirects?.restart() : null;
        if (back) this.#reconnectTo(socket, back);
        return;
      }
      // Not `active`: the server refused us (bad or expired token); retrying will not help…
      const body = (error as { data?: Partial<ErrorBody> }).data;
      // …unless it only asked us to wait (too many connections in a short while)…
      if (body?.code === 'rate_limited') return this.#later(() => socket.connect(), body.details);
      // …or sent us to the node that serves the hearing (same token, bounded hops).
      const next = this.#redirects?.follow(body);
      if (next) return this.#reconnectTo(socket, next);
      this.#fail(body?.code ?? 'unauthorized', body?.message ?? error.message);
    });
    socket.on(NOTIFICATION_EVENT, (n) => this.#onNotification(n));
  }

  /**
   * Send one request and wait for its acknowledgement. Rejects with a RequestError carrying the
   * server's code on `{ ok: false }`, or 'timeout' / 'disconnected'.
   */
  readonly request = <R extends Request>(msg: R): Promise<ResponseMap[R['type']]> => {
    const socket = this.#socket;
    if (!socket?.connected) {
      // socket.io would buffer it until reconnect; by then the request is stale.
      return Promise.reject(new RequestError('disconnected', 'not connected'));
    }
    const timeout = this.#options.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    return new Promise<ResponseMap[R['type']]>((resolve, reject) => {
      socket.timeout(timeout).emit(REQUEST_EVENT, msg, (error: Error | null, reply: Reply) => {
        if (error) {
          reject(new RequestError('timeout', `${msg.type}: no reply within ${timeout} ms`));
        } else if (reply.ok) {
          resolve(reply.data as ResponseMap[R['type']]);
        } else {
          reject(new RequestError(reply.error.code, reply.error.message, reply.error.details));
        }
      });
    });
  };

  // --- what the UI asks for ------------------------------------------------------------------------

  admit(participantId: string): Promise<unknown> {
    return this.request({ type: 'lobby.admit', participantId });
  }

  deny(participantId: string, reason?: string): Promise<unknown> {
    return this.request({ type: 'lobby.deny', participantId, ...(reason ? { reason } : {}) });
  }

  setForcedMute(participantId: string, kind: MediaKind, muted: boolean): Promise<unknown> {
    return this.request({ type: muted ? 'participant.mute' : 'participant.unmute', participantId, kind });
  }

  remove(participantId: string, reason?: string): Promise<unknown> {
    return this.request({ type: 'participant.remove', participantId, ...(reason ? { reason } : {}) });
  }

  /** The presiding judge mutes everyone but the bench and the courtroom devices; answers who was muted now. */
  async muteAll(): Promise<string[]> {
    return (await this.request({ type: 'participant.muteAll' })).muted;
  }

  /** The presiding judge lets a participant share their screen, or withdraws it (their share closes). */
  allowScreen(participantId: string, allowed: boolean): Promise<unknown> {
    return this.request({ type: 'participant.allowScreen', participantId, allowed });
  }

  /** The bench has read that a required party left (SessionState.departures). */
  dismissDeparture(participantId: string): void {
    const { departures } = this.getSnapshot();
    this.update({ departures: departures.filter((d) => d.participantId !== participantId) });
  }

  /** Raise or lower one's own hand; the presiding judge lowers anyone's (`participantId`). */
  setHand(raised: boolean, participantId?: string): Promise<unknown> {
    return this.request(raised ? { type: 'hand.raise' } : { type: 'hand.lower', ...(participantId ? { participantId } : {}) });
  }

  /** `to`: 'clerk', 'everyone' or a participant's id. The reply's message is shown at once (kept once by id). */
  async sendChat(to: string, text: string): Promise<void> {
    const { message } = await this.request({ type: 'chat.send', to, text });
    this.#applyLocal({ type: 'chat.message', message });
  }

  /** The presiding judge allows open chat, or closes it. */
  setChatOpen(open: boolean): Promise<unknown> {
    return this.request({ type: 'chat.setOpen', open });
  }

  /** The conversation is on screen: its messages so far count as read (chatState.ts). */
  markChatRead(conversation: string): void {
    const { chat, self } = this.getSnapshot();
    if (!self) return;
    const next = markRead(chat, conversation, self.id, isDesk(self.role));
    if (next !== chat) this.update({ chat: next });
  }

  /** The presiding judge (anyone) or the clerk (witnesses and experts) moves a participant to another room (core/rooms.ts). */
  moveToRoom(participantId: string, room: RoomId): Promise<unknown> {
    return this.request({ type: 'room.move', participantId, room });
  }

  /** The presiding judge opens a private consultation for counsel and their client(s); answers its room. */
  async openConsultation(participantIds: string[]): Promise<RoomId> {
    return (await this.request({ type: 'consultation.open', participantIds })).room;
  }

  /** Counsel, during a recess, asks the judge for a consultation with their client(s) (consultation.requests follows). */
  requestConsultation(withIds: string[]): Promise<unknown> {
    return this.request({ type: 'consultation.request', withIds });
  }

  /** The presiding judge declines a counsel's pending request (consultation.requests follows). */
  declineConsultation(requesterId: string): Promise<Record<string, never>> {
    return this.request({ type: 'consultation.decline', participantId: requesterId });
  }

  /** The judge or a member ends a consultation: everyone in it returns to the courtroom. */
  endConsultation(room: RoomId): Promise<unknown> {
    return this.request({ type: 'consultation.end', room });
  }

  /** The judge chooses what the courtroom TV shows. */
  setDisplayLayout(layout: DisplayLayout): Promise<unknown> {
    return this.request({ type: 'display.setLayout', layout });
  }

  /** A move of the procedure; suspension and postponement need a reason (core/protocol/procedure.ts). */
  async transition(action: TransitionAction, reason?: string): Promise<void> {
    const from = this.getSnapshot().hearing;
    const { state } = await this.request({ type: 'hearing.transition', action, ...(reason ? { reason } : {}) });
    // The broadcast will say the same; applying the reply now keeps the judge's buttons honest.
    const next = from ? moveTo(from, action) : { stage: null, outcome: null };
    this.#applyLocal({ type: 'hearing.state', state, stage: next.stage, outcome: next.outcome, action, at: new Date().toISOString() });
  }

  /**
   * Leave on purpose. The invitation stays valid, so the same link can come back. A party whose
   * presence is required gives `reason` (core/protocol/presence.ts); refused without one
   * (invalid_input), they stay and the promise rejects. Any other failure: we leave anyway.
   */
  async leave(reason?: string): Promise<void> {
    if (isFinal(this.getSnapshot().phase)) return;
    await this.request({ type: 'leave', ...(reason ? { reason } : {}) }).catch((error: unknown) => {
      if (error instanceof RequestError && error.code === 'invalid_input') throw error;
    });
    this.update({ phase: 'left' });
    this.#finish(0);
  }

  /** Drop everything without telling the server (page unload, component unmount). */
  dispose(): void {
    this.#finish(0);
  }

  // --- internals -----------------------------------------------------------------------------------

  async #join(): Promise<void> {
    const seq = ++this.#joinSeq;
    try {
      const snapshot = await this.request({ type: 'join' });
      if (seq !== this.#joinSeq || this.#finished) return;
      const next = fromSnapshot(this.getSnapshot(), snapshot);
      this.update(next);
      if (next.phase === 'in_hearing') {
        // New socket or fresh admission: the server holds no transports for us; build them.
        void this.media.start({
          selfId: snapshot.self.id,
          producers: next.producers,
          forcedMute: snapshot.self.forcedMute,
        });
      } else if (isFinal(next.phase)) {
        this.#finish(0);
      }
    } catch (error) {
      if (seq !== this.#joinSeq || this.#finished) return;
      const code: ClientErrorCode = error instanceof RequestError ? error.code : 'internal';
      if (code === 'disconnected') return; // the next 'connect' joins again
      if (error instanceof RequestError && code === 'rate_limited') return this.#later(() => void this.#join(), error.details);
      this.#fail(code, error instanceof Error ? error.message : String(error));
    }
  }

  #onNotification(n: Notification): void {
    if (this.#finished) return;
    this.#applyLocal(n);
    const state = this.getSnapshot();
    switch (n.type) {
      case 'lobby.admitted':
        void this.#join();
        break;
      case 'media.reset':
        if (state.phase === 'in_hearing') void this.media.rebuild([]);
        break;
      case 'media.producerAdded':
      case 'media.producerClosed':
      case 'media.producerPaused':
      case 'media.consumerClosed':
        if (state.phase === 'in_hearing') this.media.handleNotification(n);
        break;
      case 'participant.updated':
        if (n.participant.id === state.self?.id) {
          this.media.setForcedMute(n.participant.forcedMute);
          // The judge withdrew the permission: the server closes the share; stop capturing too.
          if (!n.participant.mayShareScreen && this.media.getSnapshot().screenOn) void this.media.stopScreenShare();
        }
        break;
      default:
        break;
    }
  }

  #applyLocal(n: Notification): void {
    const before = this.getSnapshot();
    const after = applyNotification(before, n);
    if (after === before) return;
    this.update(after);
    if (isFinal(after.phase) && !isFinal(before.phase)) this.#finish(LINGER_MS);
  }

  /** Again after the wait a rate_limited refusal asked for (its details.retryAfterMs), unless finished by then. */
  #later(again: () => void, details: unknown): void {
    const wait = (details as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
    const ms = typeof wait === 'number' && wait > 0 ? Math.min(wait, 60_000) : 1_000;
    setTimeout(
      () => {
        if (!this.#finished) again();
      },
      ms + Math.random() * 250,
    );
  }

  /** Another node serves the hearing: this socket goes, a new one connects there (and joins on connect). */
  #reconnectTo(socket: Socket<ServerToClient, ClientToServer>, url: string): void {
    socket.removeAllListeners();
    socket.disconnect();
    if (this.#socket === socket) this.#socket = null;
    this.#url = url;
    this.#failures = 0;
    this.connect();
  }

  #fail(code: ClientErrorCode, message: string | null): void {
    if (isFinal(this.getSnapshot().phase)) return;
    this.update({ phase: 'error', errorCode: code, reason: message });
    this.#finish(0);
  }

  /** Stop media now; close the socket now or after a short linger. Idempotent. */
  #finish(lingerMs: number): void {
    if (this.#finished) return;
    this.#finished = lingerMs === 0;
    this.media.close();
    const socket = this.#socket;
    if (!socket) return;
    const close = () => {
      this.#finished = true;
      socket.removeAllListeners();
      socket.disconnect();
      if (this.#socket === socket) this.#socket = null;
      this.update({ connected: false });
    };
    if (lingerMs === 0) close();
    else setTimeout(close, lingerMs);
  }
}
