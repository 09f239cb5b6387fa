// What one socket, participant or address may send (limits from server/limits.ts): requests per
// socket and per participant, presence changes (connections, join, leave) per participant and per
// address, and strikes: a socket refused too often in a short while is disconnected. The checks
// run before a request is parsed, so what is refused never reaches the domain.
import { RateLimited } from '../errorMapping.js';
import type { Limits, Verdict } from '../limits.js';

export interface GateStats {
  /** Requests answered rate_limited. */
  refused: number;
  /** Connections refused at the handshake. */
  refusedConnections: number;
  /** Sockets disconnected for collecting too many refusals. */
  dropped: number;
}

export class SignalingGate {
  readonly stats: GateStats = { refused: 0, refusedConnections: 0, dropped: 0 };

  constructor(private readonly limits: Limits) {}

  /** A connection attempt from `ip`, before its token is even read: throws RateLimited. */
  async connectionFrom(ip: string): Promise<void> {
    this.#refuseConnection(await this.limits.presenceByIp.take(ip), 'Too many connections from your address');
  }

  /** A connection of `participantId` (token verified): throws RateLimited. */
  async connectionOf(participantId: string): Promise<void> {
    this.#refuseConnection(await this.limits.presenceByParticipant.take(participantId), 'Too many connections for this invitation');
  }

  /** One more request on this socket: null when allowed, else the refusal to answer with. */
  async request(socketId: string, participantId: string): Promise<RateLimited | null> {
    const [socket, participant] = await Promise.all([
      this.limits.socketRequests.take(socketId),
      this.limits.participantRequests.take(participantId),
    ]);
    return this.#refusal([socket, participant], 'Too many requests: slow down');
  }

  /**
   * A join or leave request: null when allowed, else the refusal to answer with. The address is
   * charged only for what its participant may do: one abuser behind a courthouse's shared address
   * does not spend the others' share.
   */
  async presence(participantId: string, ip: string): Promise<RateLimited | null> {
    const participant = await this.limits.presenceByParticipant.take(participantId);
    const verdicts = participant.allowed ? [participant, await this.limits.presenceByIp.take(ip)] : [participant];
    return this.#refusal(verdicts, 'Too many joins and leaves: wait a moment');
  }

  /** A chat message (chat.send): null when allowed, else the refusal to answer with. */
  async chat(participantId: string): Promise<RateLimited | null> {
    return this.#refusal([await this.limits.chatByParticipant.take(participantId)], 'Too many messages: wait a moment');
  }

  /** Counts a refusal against the socket; true when it has had too many and is to be disconnected. */
  async strike(socketId: string): Promise<boolean> {
    const { allowed, count } = await this.limits.strikes.take(socketId);
    if (count === this.limits.config.signaling.strikes.points + 1) this.stats.dropped++;
    return !allowed;
  }

  #refusal(verdicts: Verdict[], message: string): RateLimited | null {
    const refused = verdicts.filter((v) => !v.allowed);
    if (refused.length === 0) return null;
    this.stats.refused++;
    return new RateLimited(Math.max(...refused.map((v) => v.retryAfterMs)), message);
  }

  #refuseConnection(verdict: Verdict, message: string): void {
    if (verdict.allowed) return;
    this.stats.refusedConnections++;
    throw new RateLimited(verdict.retryAfterMs, message);
  }
}
