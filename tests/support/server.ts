// Integration helpers: a real vcourt (startVcourt with a temp SQLite file and one real mediasoup
// worker), the HTTP API through global fetch, and real socket.io clients.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { loadConfig } from '../../server/config.js';
import type { LimitOverrides } from '../../server/limits.js';
import type { TurnConfig } from '../../server/turn/TurnConfig.js';
import type { NotifierConfig } from '../../server/notify/NotifierConfig.js';
import type { ClusterConfig } from '../../server/cluster/ClusterConfig.js';
import { startVcourt, type RunningVcourt } from '../../server/main.js';
import { isStaffSeat } from '../../core/protocol/staffSeats.js';
import type { AccountRole, AuditEvent, CaseRecord } from '../../core/hearing/types.js';
import type { DeviceView, HearingView, ParticipantView, Role } from '../../core/protocol/model.js';
import type { Invitation } from '../../core/protocol/http.js';
import type { ErrorBody, Notification, Reply, RequestType, ResponseMap } from '../../core/protocol/signaling.js';
import { Authenticator } from './totp.js';

export const ADMIN_PASSWORD = 'integration-admin-password';

/**
 * Authenticators enrolled by secondFactorToken, by data dir and username (a restarted server keeps
 * its accounts); each remembers the last time step it gave a code for, as the server does.
 */
const authenticators = new Map<string, Authenticator>();

// Bodies of the HTTP API replies the tests read (the routes are listed in core/protocol/http.ts).
/** Any refused request. */
export interface ApiError {
  error: ErrorBody;
}
/** POST /api/cases */
export interface CaseCreated {
  case: CaseRecord;
}
/** POST /api/hearings */
export interface HearingCreated {
  hearing: HearingView;
}
/** GET /api/hearings/:id */
export interface HearingDetail {
  hearing: HearingView;
  participants: ParticipantView[];
}
/** POST /api/hearings/:id/participants (no invitation for the presiding judge: theirs comes from /api/bench) */
export interface ParticipantAdded {
  participant: ParticipantView;
  invitation: Invitation | null;
}
/** GET /api/hearings/:id/audit */
export interface AuditLog {
  events: AuditEvent[];
}
/** POST /api/sites/:siteId/devices */
export interface DeviceRegistered {
  device: DeviceView;
  token: string;
}
/** A staff account as the API shows it (GET /api/accounts, and in LoggedIn). */
export interface AccountView {
  id: string;
  username: string;
  displayName: string;
  role: AccountRole;
}
/** POST /api/auth/login */
export interface LoggedIn {
  token: string;
  account: AccountView;
}

export interface TestServer {
  running: RunningVcourt;
  /** http://127.0.0.1:<port> (the numeric loopback address the server listens on). */
  base: string;
  dataDir: string;
  adminToken: string;
  /**
   * A staff session opened with a TOTP code (changing or destroying records needs one): enrols the
   * account's authenticator on first use (the secret is kept for this data dir), then signs in with
   * a code made by otplib. The admin by default.
   */
  secondFactorToken(username?: string, password?: string): Promise<string>;
  api<T = unknown>(method: string, path: string, body?: unknown, token?: string | null): Promise<{ status: number; body: T }>;
  /** Closes the server and deletes its data dir, unless `keepData` (to start another one on it). */
  stop(opts?: { keepData?: boolean }): Promise<void>;
}

export interface TestServerOptions {
  /** Start on `dataDir` left by an earlier server (a restart). */
  dataDir?: string;
  /**
   * The networks cameras may be pulled from (VCOURT_CAMERA_NETWORKS), e.g. ['127.0.0.1/32'] for the
   * camera simulator on loopback; the default (private ranges, no loopback) when not given.
   */
  cameraNetworks?: string[];
  /** Serve this built client (the default names a folder that does not exist: no client). */
  clientDir?: string;
  /** Rate limits of the test's own over the defaults (server/limits.ts). */
  limits?: LimitOverrides;
  /** The bench needs a sign-in with an authenticator code (production's default; off in development). */
  benchSecondFactor?: boolean;
  /** TURN settings (server/turn/TurnConfig.ts), e.g. an embedded coturn on loopback; off when not given. */
  turn?: TurnConfig;
  /** How invitations are sent (VCOURT_NOTIFIER); the outbox file under the data dir when not given. */
  notifier?: NotifierConfig;
  /** One node among several sharing a Redis (server/cluster/ClusterConfig.ts); one machine when not given. */
  cluster?: ClusterConfig;
  /** A PostgreSQL database (postgres://…, e.g. from tests/support/postgres.ts) instead of the SQLite file. */
  databaseUrl?: string;
  /** The signing key of tokens (VCOURT_JWT_SECRET): nodes of one cluster share it; a key per data dir when not given. */
  jwtSecret?: string;
}

/** A server on a new temp data dir, or on `dataDir` left by an earlier one (a restart). */
export async function startTestServer({
  dataDir: existing,
  cameraNetworks,
  clientDir,
  limits,
  benchSecondFactor,
  turn,
  notifier,
  cluster,
  databaseUrl,
  jwtSecret,
}: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = existing ?? mkdtempSync(join(tmpdir(), 'vcourt-it-'));
  const env = { VCOURT_DEMO: '0' } as NodeJS.ProcessEnv;
  const defaults = loadConfig(env);
  const config = loadConfig(env, {
    host: '127.0.0.1',
    port: 0,
    dataDir,
    databaseFile: join(dataDir, 'vcourt.sqlite'),
    clientDir: clientDir ?? join(dataDir, 'no-client-build'),
    demo: false,
    adminPassword: ADMIN_PASSWORD,
    ...(cameraNetworks ? { cameraNetworks } : {}),
    ...(limits ? { limits } : {}),
    ...(turn ? { turn } : {}),
    ...(notifier ? { notifier } : {}),
    ...(cluster ? { cluster } : {}),
    ...(databaseUrl ? { databaseUrl } : {}),
    ...(jwtSecret ? { jwtSecret } : {}),
    ...(benchSecondFactor !== undefined ? { benchSecondFactor } : {}),
    media: { ...defaults.media, workers: 1, listenIp: '127.0.0.1', logLevel: 'error' },
  });
  const running = await startVcourt(config);
  const base = `http://127.0.0.1:${running.port}`;

  async function api<T>(method: string, path: string, body?: unknown, token?: string | null) {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(base + path, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /** Signs in, with a code when the account's authenticator was enrolled here. */
  async function login(username: string, password: string): Promise<string> {
    const authenticator = authenticators.get(`${dataDir}\0${username}`);
    const body = authenticator ? { username, password, code: await authenticator.code() } : { username, password };
    const res = await api<LoggedIn>('POST', '/api/auth/login', body);
    if (res.status !== 200) throw new Error(`${username} login failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.token;
  }

  async function secondFactorToken(username = 'admin', password = ADMIN_PASSWORD): Promise<string> {
    const key = `${dataDir}\0${username}`;
    if (!authenticators.has(key)) {
      const token = await login(username, password);
      const setup = await api<{ secret: string }>('POST', '/api/auth/totp/setup', {}, token);
      if (setup.status !== 200) throw new Error(`TOTP setup failed: ${setup.status} ${JSON.stringify(setup.body)}`);
      const authenticator = new Authenticator(setup.body.secret);
      const enabled = await api('POST', '/api/auth/totp/enable', { code: await authenticator.code() }, token);
      if (enabled.status !== 204) throw new Error(`TOTP enable failed: ${enabled.status} ${JSON.stringify(enabled.body)}`);
      authenticators.set(key, authenticator);
    }
    return login(username, password);
  }

  const adminToken = await login('admin', ADMIN_PASSWORD);

  return {
    running,
    base,
    dataDir,
    adminToken,
    secondFactorToken,
    api: (method, path, body, token = adminToken) => api(method, path, body, token),
    stop: async ({ keepData = false } = {}) => {
      await running.close();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Seat {
  participant: ParticipantView;
  invitation: Invitation;
  token: string;
}

/**
 * A case, a hearing and one participant per requested role, created through the HTTP API. Seats are
 * keyed by role (a role asked for twice: the second one is `<role>2`).
 */
export async function createHearing<R extends Role>(
  server: Pick<TestServer, 'api'>,
  roles: R[],
): Promise<{ hearing: HearingView; seats: Record<R, Seat> }> {
  const number = `HS-${Math.random().toString(36).slice(2, 8)}`;
  const kase = await server.api<CaseCreated>('POST', '/api/cases', { number, title: 'State v. Doe' });
  if (kase.status !== 201) throw new Error(`create case: ${JSON.stringify(kase.body)}`);
  const created = await server.api<HearingCreated>('POST', '/api/hearings', {
    caseId: kase.body.case.id,
    title: 'First-instance hearing',
    scheduledAt: new Date().toISOString(),
  });
  if (created.status !== 201) throw new Error(`create hearing: ${JSON.stringify(created.body)}`);
  const hearing = created.body.hearing;
  const seats: Record<string, Seat> = {};
  for (const role of roles) {
    const key = seats[role] ? `${role}2` : role;
    if (isStaffSeat(role)) {
      seats[key] = await benchSeat(server, hearing.id, `The ${key}`, role as StaffSeatRole);
      continue;
    }
    const res = await server.api<ParticipantAdded>('POST', `/api/hearings/${hearing.id}/participants`, { displayName: `The ${key}`, role });
    if (res.status !== 201 || !res.body.invitation) throw new Error(`add participant: ${JSON.stringify(res.body)}`);
    seats[key] = { participant: res.body.participant, invitation: res.body.invitation, token: res.body.invitation.token };
  }
  // Every requested role has its seat under its own name (the first one asked for).
  return { hearing, seats: seats as Record<R, Seat> };
}

/** A new judge (or clerk) account (a strong random password), made by the admin; its credentials. */
export async function createJudgeAccount(
  server: Pick<TestServer, 'api'>,
  displayName = 'Thẩm phán kiểm thử',
  role: 'judge' | 'clerk' = 'judge',
) {
  const username = `${role}-${randomUUID().slice(0, 8)}`;
  const password = `bench-${randomUUID()}`;
  const res = await server.api<{ account: AccountView }>('POST', '/api/accounts', { username, displayName, role, password });
  if (res.status !== 201) throw new Error(`create ${role} account: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.account.id, username, password };
}

/** The seats only an account's own sign-in opens (core/hearing/staffSeats.ts). */
export type StaffSeatRole = 'judge' | 'panel_judge' | 'clerk';

/**
 * A bench seat as a court makes it (the presiding judge's by default; a panel judge's or the
 * clerk's): an account of its own, a seat bound to it by the clerk (who gets no link), and the link
 * from that account's own sign-in (POST /api/bench/hearings/:id/join).
 */
export async function benchSeat(
  server: Pick<TestServer, 'api'>,
  hearingId: string,
  displayName = 'The judge',
  role: StaffSeatRole = 'judge',
): Promise<Seat & { judge: { id: string; username: string; password: string; staffToken: string } }> {
  const account = await createJudgeAccount(server, displayName, role === 'clerk' ? 'clerk' : 'judge');
  const seat = await server.api<ParticipantAdded>('POST', `/api/hearings/${hearingId}/participants`, {
    displayName,
    role,
    accountId: account.id,
  });
  if (seat.status !== 201) throw new Error(`add the judge's seat: ${seat.status} ${JSON.stringify(seat.body)}`);
  const login = await server.api<LoggedIn>('POST', '/api/auth/login', { username: account.username, password: account.password }, null);
  if (login.status !== 200) throw new Error(`judge sign-in: ${login.status} ${JSON.stringify(login.body)}`);
  const join = await server.api<{ invitation: Invitation }>('POST', `/api/bench/hearings/${hearingId}/join`, {}, login.body.token);
  if (join.status !== 201) throw new Error(`bench link: ${join.status} ${JSON.stringify(join.body)}`);
  return {
    participant: seat.body.participant,
    invitation: join.body.invitation,
    token: join.body.invitation.token,
    judge: { ...account, staffToken: login.body.token },
  };
}

/** A real socket.io client speaking the vcourt protocol, recording every notification it gets. */
export class TestClient {
  readonly notifications: Notification[] = [];
  readonly #waiters = new Set<() => void>();
  #disconnectReason: string | null = null;
  readonly disconnected: Promise<string>;

  private constructor(readonly socket: Socket) {
    socket.on('notification', (n: Notification) => {
      this.notifications.push(n);
      for (const w of [...this.#waiters]) w();
    });
    this.disconnected = new Promise((resolve) =>
      socket.on('disconnect', (reason) => {
        this.#disconnectReason = reason;
        resolve(reason);
      }),
    );
  }

  static socket(base: string, token: unknown): Socket {
    return io(base, {
      path: '/socket.io',
      auth: { token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: 5000,
    });
  }

  /** Connects; rejects with the server's error body when the connection is refused. */
  static connect(base: string, token: unknown): Promise<TestClient> {
    const socket = TestClient.socket(base, token);
    const client = new TestClient(socket);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(client));
      socket.once('connect_error', (error: Error & { data?: ErrorBody }) => {
        socket.close();
        reject(Object.assign(new Error(error.message), { data: error.data }));
      });
    });
  }

  /** The error body of a refused connection. */
  static async refusal(base: string, token: unknown): Promise<ErrorBody | undefined> {
    try {
      const client = await TestClient.connect(base, token);
      client.close();
    } catch (error) {
      return (error as { data?: ErrorBody }).data;
    }
    throw new Error('expected the connection to be refused');
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  get disconnectReason(): string | null {
    return this.#disconnectReason;
  }

  /** Send a request (any value, so malformed ones can be sent too) and wait for its reply. */
  request<T = unknown>(msg: unknown, timeoutMs = 10_000): Promise<Reply<T>> {
    return this.socket.timeout(timeoutMs).emitWithAck('request', msg) as Promise<Reply<T>>;
  }

  /** Send a request that must succeed; returns its data, typed by the request's type (ResponseMap). */
  async ok<K extends RequestType>(msg: { type: K } & Record<string, unknown>): Promise<ResponseMap[K]> {
    const reply = await this.request<ResponseMap[K]>(msg);
    if (!reply.ok) throw new Error(`${JSON.stringify(msg)} was refused: ${JSON.stringify(reply.error)}`);
    return reply.data;
  }

  /** Index to pass to waitFor() so only notifications arriving after now count. */
  mark(): number {
    return this.notifications.length;
  }

  /** The first notification of `type` (from index `after`) matching `where`, waiting for it if needed. */
  waitFor<K extends Notification['type']>(
    type: K,
    where: (n: Extract<Notification, { type: K }>) => boolean = () => true,
    { after = 0, timeoutMs = 5000 }: { after?: number; timeoutMs?: number } = {},
  ): Promise<Extract<Notification, { type: K }>> {
    const find = () =>
      this.notifications
        .slice(after)
        .find((n): n is Extract<Notification, { type: K }> => n.type === type && where(n as Extract<Notification, { type: K }>));
    const found = find();
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`no ${type} notification within ${timeoutMs} ms; got ${JSON.stringify(this.notifications.map((n) => n.type))}`));
      }, timeoutMs);
      const check = () => {
        const n = find();
        if (!n) return;
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve(n);
      };
      this.#waiters.add(check);
    });
  }

  /** Notifications of `type` received so far (from index `after`). */
  received<K extends Notification['type']>(type: K, after = 0): Extract<Notification, { type: K }>[] {
    return this.notifications.slice(after).filter((n): n is Extract<Notification, { type: K }> => n.type === type);
  }

  /** Resolves with the disconnect reason, or rejects if the socket is still connected after `timeoutMs`. */
  async waitDisconnected(timeoutMs = 5000): Promise<string> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`still connected after ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([this.disconnected, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    this.socket.close();
  }
}

/** Connect with an invitation and send join; returns the client and its snapshot. */
export async function joinWith(base: string, token: string) {
  const client = await TestClient.connect(base, token);
  const snapshot = await client.ok({ type: 'join' });
  return { client, snapshot };
}

/** Poll `fn` until it returns a truthy value. */
export async function eventually<T>(fn: () => Promise<T> | T, { timeoutMs = 5000, intervalMs = 50 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Opus RTP parameters mediasoup accepts for a producer (no real packets are needed to produce). */
export const OPUS_RTP_PARAMETERS = {
  mid: '0',
  codecs: [
    {
      mimeType: 'audio/opus',
      payloadType: 111,
      clockRate: 48000,
      channels: 2,
      parameters: { useinbandfec: 1 },
      rtcpFeedback: [],
    },
  ],
  headerExtensions: [],
  encodings: [{ ssrc: 11_111_111 }],
  rtcp: { cname: 'vcourt-test', reducedSize: true },
};
