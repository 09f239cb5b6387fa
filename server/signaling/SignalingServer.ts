// socket.io: authenticates each socket by its invitation, validates every request against the
// protocol schema, dispatches it through the handler table and delivers the domain's notifications.
import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { Access } from '../auth/Access.js';
import type { Audience, HearingService } from '../../core/hearing/HearingService.js';
import { UnauthorizedError } from '../../core/hearing/errors.js';
import { can } from '../../core/hearing/permissions.js';
import type { MediaRoomPort, Store } from '../../core/hearing/ports.js';
import type { ParticipantRef } from '../../core/hearing/types.js';
import { describeZod, toErrorBody } from '../errorMapping.js';
import { NOTIFICATION_EVENT, REQUEST_EVENT, Request, SOCKET_PATH, type Notification, type Reply } from '../../core/protocol/signaling.js';
import { handlers, type HandlerContext } from './handlers.js';
import { background } from '../../core/lib/background.js';

interface SocketData {
  ref: ParticipantRef;
}

const participantRoom = (participantId: string) => `p:${participantId}`;
const hearingRoom = (hearingId: string) => `h:${hearingId}`;

export class SignalingServer {
  readonly io: Server;
  /** The one socket that currently speaks for each participant; a newer connection replaces it. */
  readonly #current = new Map<string, string>();

  constructor(
    httpServer: HttpServer,
    private readonly access: Access,
    private readonly service: HearingService,
    private readonly media: MediaRoomPort,
    private readonly store: Store,
  ) {
    this.io = new Server(httpServer, {
      path: SOCKET_PATH,
      serveClient: false,
      maxHttpBufferSize: 256 * 1024,
      pingInterval: 10_000,
      pingTimeout: 8_000,
    });
    this.io.use((socket, next) => {
      try {
        const token = (socket.handshake.auth as { token?: unknown })?.token;
        if (typeof token !== 'string') throw new UnauthorizedError('An invitation token is required');
        const { participant } = this.access.participant(token);
        (socket.data as SocketData).ref = { hearingId: participant.hearingId, participantId: participant.id };
        next();
      } catch (error) {
        const body = toErrorBody(error);
        next(Object.assign(new Error(body.message), { data: body }));
      }
    });
    this.io.on('connection', (socket) => background(this.#onConnection(socket), 'socket connection'));
    service.on('notify', (hearingId, audience, n) => this.#deliver(hearingId, audience, n));
    service.on('evict', (participantId) => this.#evict(participantId));
  }

  async #onConnection(socket: Socket): Promise<void> {
    const { ref } = socket.data as SocketData;
    const previous = this.#current.get(ref.participantId);
    this.#current.set(ref.participantId, socket.id);
    // Same participant, new connection (reload, second tab, network change): the old one yields.
    // Queued now, so it runs before any request of the new socket.
    const retired = previous ? this.service.disconnected(ref) : undefined;
    // Listen before awaiting anything: a request sent right after connecting must not be lost.
    const ctx: HandlerContext = { ref, service: this.service, media: this.media };
    socket.on(REQUEST_EVENT, (raw: unknown, ack: unknown) => background(this.#onRequest(ctx, raw, ack), 'socket request'));
    socket.on('disconnect', () => {
      if (this.#current.get(ref.participantId) !== socket.id) return;
      this.#current.delete(ref.participantId);
      background(this.service.disconnected(ref), 'disconnect');
    });
    if (previous) {
      await retired;
      this.io.sockets.sockets.get(previous)?.disconnect(true);
    }
    await socket.join([participantRoom(ref.participantId), hearingRoom(ref.hearingId)]);
  }

  async #onRequest(ctx: HandlerContext, raw: unknown, ack: unknown): Promise<void> {
    const reply = typeof ack === 'function' ? (ack as (r: Reply) => void) : () => undefined;
    const parsed = Request.safeParse(raw);
    if (!parsed.success) {
      reply({ ok: false, error: { code: 'invalid_input', message: describeZod(parsed.error), details: parsed.error.issues } });
      return;
    }
    const msg = parsed.data;
    try {
      const handler = handlers[msg.type] as (c: HandlerContext, m: typeof msg) => Promise<unknown>;
      reply({ ok: true, data: await handler(ctx, msg) });
    } catch (error) {
      reply({ ok: false, error: toErrorBody(error) });
    }
  }

  #deliver(hearingId: string, audience: Audience, notification: Notification): void {
    if (audience === 'everyone') {
      this.io.to(hearingRoom(hearingId)).emit(NOTIFICATION_EVENT, notification);
      return;
    }
    if (typeof audience === 'object') {
      this.io.to(participantRoom(audience.participantId)).emit(NOTIFICATION_EVENT, notification);
      return;
    }
    const rooms = this.store.participants
      .listByHearing(hearingId)
      .filter((p) => p.status === 'admitted' && (audience === 'admitted' || can(p.role, 'viewLobby')))
      .map((p) => participantRoom(p.id));
    if (rooms.length > 0) this.io.to(rooms).emit(NOTIFICATION_EVENT, notification);
  }

  /** Disconnect after the notification that explains why has gone out. */
  #evict(participantId: string): void {
    this.#current.delete(participantId);
    setTimeout(() => this.io.in(participantRoom(participantId)).disconnectSockets(true), 250);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.io.close(() => resolve()));
  }
}
