// socket.io: authenticates each socket by its invitation, validates every request against the
// protocol schema, dispatches it through the handler table and delivers the domain's notifications.
// Rate limits (SignalingGate) come first: at the handshake, and before a request is even parsed.
import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { Access } from '../auth/Access.js';
import type { Audience, HearingService } from '../../core/hearing/HearingService.js';
import { UnauthorizedError, UnavailableError } from '../../core/hearing/errors.js';
import { can } from '../../core/hearing/permissions.js';
import type { MediaRoomPort, Store } from '../../core/hearing/ports.js';
import type { ParticipantRef } from '../../core/hearing/types.js';
import { describeZod, toErrorBody, type RateLimited } from '../errorMapping.js';
import { clientAddress } from '../limits.js';
import type { ParticipantView } from '../../core/protocol/model.js';
import { NOTIFICATION_EVENT, REQUEST_EVENT, Request, SOCKET_PATH, type Notification, type Reply } from '../../core/protocol/signaling.js';
import { handlers, NO_TURN, type HandlerContext, type IceServerSource } from './handlers.js';
import { background } from '../../core/lib/background.js';
import type { SignalingGate } from './SignalingGate.js';
import type { Placement } from '../cluster/Placement.js';

/** With several nodes: who serves each hearing, and which page origins may connect (server/cluster/Placement.ts). */
export type SignalingPlacement = Pick<Placement, 'admit' | 'allowsOrigin'> & Partial<Pick<Placement, 'gaveUp'>>;

interface SocketData {
  ref: ParticipantRef;
  ip: string;
  token: string;
  /** The staff account a bench seat is bound to: its sockets close when its sign-in ends. */
  accountId: string | null;
}

const participantRoom = (participantId: string) => `p:${participantId}`;
const hearingRoom = (hearingId: string) => `h:${hearingId}`;
/** The audiences 'admitted' and 'bench' as rooms, kept as each participant's status changes (#place). */
const admittedRoom = (hearingId: string) => `a:${hearingId}`;
const benchRoom = (hearingId: string) => `b:${hearingId}`;

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
    private readonly gate: SignalingGate,
    private readonly iceServers: IceServerSource = NO_TURN,
    private readonly placement?: SignalingPlacement,
  ) {
    this.io = new Server(httpServer, {
      path: SOCKET_PATH,
      serveClient: false,
      maxHttpBufferSize: 256 * 1024,
      pingInterval: 10_000,
      pingTimeout: 8_000,
      ...(placement ? originRules(placement) : {}),
    });
    this.io.use((socket, next) => {
      const refuse = (error: unknown) => {
        const body = toErrorBody(error);
        next(Object.assign(new Error(body.message), { data: body }));
      };
      background(
        this.#authenticate(socket).then(() => next(), refuse),
        'socket handshake',
      );
    });
    this.io.on('connection', (socket) => background(this.#onConnection(socket), 'socket connection'));
    service.on('notify', (hearingId, audience, n) => this.#deliver(hearingId, audience, n));
    service.on('evict', (participantId) => this.#evict(participantId));
    access.on('sessionsEnded', (accountId) => background(this.#recheckBench(accountId), 'bench sign-in check'));
  }

  /** The address first (before any token work), then the invitation, then its participant's share. */
  async #authenticate(socket: Socket): Promise<void> {
    const ip = clientAddress(socket.handshake.address, socket.handshake.headers['x-forwarded-for']);
    await this.gate.connectionFrom(ip);
    const token = (socket.handshake.auth as { token?: unknown })?.token;
    if (typeof token !== 'string') throw new UnauthorizedError('An invitation token is required');
    const { participant } = await this.access.participant(token);
    // Before the participant's share is spent: a redirect to the serving node is not a connection.
    await this.placement?.admit(participant.hearingId);
    await this.gate.connectionOf(participant.id);
    const data: SocketData = {
      ref: { hearingId: participant.hearingId, participantId: participant.id },
      ip,
      token,
      accountId: participant.accountId ?? null,
    };
    Object.assign(socket.data as SocketData, data);
  }

  async #onConnection(socket: Socket): Promise<void> {
    const { ref } = socket.data as SocketData;
    const previous = this.#current.get(ref.participantId);
    this.#current.set(ref.participantId, socket.id);
    // Same participant, new connection (reload, second tab, network change): the old one yields.
    // Queued now, so it runs before any request of the new socket.
    const retired = previous ? this.service.disconnected(ref) : undefined;
    // Listen before awaiting anything: a request sent right after connecting must not be lost.
    const ctx: HandlerContext = { ref, service: this.service, media: this.media, iceServers: this.iceServers };
    socket.on(REQUEST_EVENT, (raw: unknown, ack: unknown) => background(this.#onRequest(ctx, socket, raw, ack), 'socket request'));
    socket.on('disconnect', () => {
      if (this.#current.get(ref.participantId) !== socket.id) return;
      this.#current.delete(ref.participantId);
      background(this.service.disconnected(ref), 'disconnect');
    });
    if (previous) {
      await retired;
      this.io.sockets.sockets.get(previous)?.disconnect(true);
    }
    const self = await this.store.participants.get(ref.participantId);
    const audiences = self?.status === 'admitted' ? this.#audienceRooms(ref.hearingId, self.role) : [];
    await socket.join([participantRoom(ref.participantId), hearingRoom(ref.hearingId), ...audiences]);
  }

  async #onRequest(ctx: HandlerContext, socket: Socket, raw: unknown, ack: unknown): Promise<void> {
    const reply = typeof ack === 'function' ? (ack as (r: Reply) => void) : () => undefined;
    if (this.placement?.gaveUp?.(ctx.ref.hearingId)) {
      // Another node serves the hearing now: refused, and the transport closed so that the client
      // reconnects and is placed there.
      reply({ ok: false, error: toErrorBody(new UnavailableError('This node no longer serves this hearing; reconnecting')) });
      socket.conn.close();
      return;
    }
    const limited = await this.gate.request(socket.id, ctx.ref.participantId);
    if (limited) return this.#refuse(socket, reply, limited);
    const parsed = Request.safeParse(raw);
    if (!parsed.success) {
      reply({ ok: false, error: { code: 'invalid_input', message: describeZod(parsed.error), details: parsed.error.issues } });
      return;
    }
    const msg = parsed.data;
    if (msg.type === 'join' || msg.type === 'leave') {
      const churn = await this.gate.presence(ctx.ref.participantId, (socket.data as SocketData).ip);
      if (churn) return this.#refuse(socket, reply, churn);
    }
    if (msg.type === 'chat.send') {
      const flood = await this.gate.chat(ctx.ref.participantId);
      if (flood) return this.#refuse(socket, reply, flood);
    }
    try {
      const handler = handlers[msg.type] as (c: HandlerContext, m: typeof msg) => Promise<unknown>;
      reply({ ok: true, data: await handler(ctx, msg) });
    } catch (error) {
      reply({ ok: false, error: toErrorBody(error) });
    }
  }

  /** Refused by a rate limit: say so, and drop a socket that keeps at it. */
  async #refuse(socket: Socket, reply: (r: Reply) => void, limited: RateLimited): Promise<void> {
    reply({ ok: false, error: toErrorBody(limited) });
    if (!(await this.gate.strike(socket.id)) || !socket.connected) return;
    const { ref, ip } = socket.data as SocketData;
    console.warn(`[limits] disconnected a socket of participant ${ref.participantId} (${ip}): too many refused requests`);
    socket.disconnect(true);
  }

  #deliver(hearingId: string, audience: Audience, notification: Notification): void {
    // Every status change is announced this way: the participant's sockets follow it into (or out of) the audience rooms.
    if (notification.type === 'participant.updated') this.#place(notification.participant);
    const room =
      audience === 'everyone'
        ? hearingRoom(hearingId)
        : audience === 'admitted'
          ? admittedRoom(hearingId)
          : audience === 'bench'
            ? benchRoom(hearingId)
            : participantRoom(audience.participantId);
    this.io.to(room).emit(NOTIFICATION_EVENT, notification);
  }

  /** 'admitted' is every admitted participant; 'bench' those of them who see the lobby. */
  #audienceRooms(hearingId: string, role: ParticipantView['role']): string[] {
    return can(role, 'viewLobby') ? [admittedRoom(hearingId), benchRoom(hearingId)] : [admittedRoom(hearingId)];
  }

  /** O(1) per change, where listing the hearing's participants for each notification was O(n). */
  #place(p: ParticipantView): void {
    const sockets = this.io.in(participantRoom(p.id));
    sockets.socketsLeave([admittedRoom(p.hearingId), benchRoom(p.hearingId)]);
    if (p.status === 'admitted') sockets.socketsJoin(this.#audienceRooms(p.hearingId, p.role));
  }

  /**
   * A staff account's sessions ended (sign-out, disabled, role or password changed): a presiding
   * judge whose bench link was bound to one of them leaves now, not at their next reconnection. A
   * server-side disconnect is final for the client, which then offers the bench's sign-in.
   */
  async #recheckBench(accountId: string): Promise<void> {
    const sockets = [...this.io.sockets.sockets.values()].filter((s) => (s.data as SocketData).accountId === accountId);
    for (const socket of sockets) {
      const data = socket.data as SocketData;
      try {
        await this.access.participant(data.token);
      } catch {
        console.warn(`[auth] bench sign-in ended: participant ${data.ref.participantId} disconnected`);
        socket.disconnect(true);
      }
    }
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

/**
 * Several nodes: a page served by one node connects to another after a `moved`, so those origins
 * (and only those) may open a socket here. allowRequest covers WebSocket too, where browsers apply
 * no CORS; cors adds the headers for long-polling. One machine keeps socket.io's defaults.
 */
function originRules(placement: SignalingPlacement) {
  const allowed = (origin: string | undefined) => placement.allowsOrigin(origin).catch(() => false);
  return {
    allowRequest: (req: { headers: { origin?: string } }, done: (error: string | null, ok: boolean) => void) => {
      background(
        allowed(req.headers.origin).then((ok) => done(ok ? null : 'origin not allowed', ok)),
        'socket origin check',
      );
    },
    cors: {
      origin: (origin: string | undefined, done: (error: Error | null, allow?: boolean) => void) => {
        background(
          allowed(origin).then((ok) => done(null, ok)),
          'socket origin check',
        );
      },
    },
  };
}
