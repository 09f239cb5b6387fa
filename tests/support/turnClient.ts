// A minimal TURN client for the tests (RFC 5766 Allocate and CreatePermission with long-term
// credentials), over UDP or TLS, to prove what coturn accepts and refuses. Browsers do the real thing.
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import {
  ATTR,
  attr,
  CLASS,
  decodeStun,
  encodeStun,
  encodeXorAddress,
  errorCode,
  longTermKey,
  METHOD,
  newTransactionId,
  stunLength,
  xorAddress,
  type StunMessage,
} from '../../server/turn/stunMessage.js';

export interface TurnTarget {
  transport: 'udp' | 'tls';
  host: string;
  port: number;
  /** TLS: the certificate to trust (the tests' self-signed one). */
  ca?: Buffer;
}

export type Outcome = { ok: true; message: StunMessage } | { ok: false; code: number | undefined };

export class TurnSession {
  #key: Buffer | undefined;
  #realm = '';
  #nonce: Buffer = Buffer.alloc(0);
  readonly #pending = new Map<string, (m: StunMessage) => void>();
  #buffer = Buffer.alloc(0);

  private constructor(
    private readonly target: TurnTarget,
    private readonly udp: UdpSocket | undefined,
    private readonly tls: TLSSocket | undefined,
  ) {
    udp?.on('message', (buf) => this.#receive(buf));
    tls?.on('data', (chunk: Buffer) => {
      // STUN over a stream: each message framed by its own length.
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      for (let n = stunLength(this.#buffer); n !== undefined && this.#buffer.length >= n; n = stunLength(this.#buffer)) {
        this.#receive(this.#buffer.subarray(0, n));
        this.#buffer = this.#buffer.subarray(n);
      }
    });
  }

  static async open(target: TurnTarget): Promise<TurnSession> {
    if (target.transport === 'udp') return new TurnSession(target, createSocket('udp4'), undefined);
    const socket = tlsConnect({ host: target.host, port: target.port, ca: target.ca, minVersion: 'TLSv1.2' });
    await new Promise<void>((resolve, reject) => {
      socket.once('secureConnect', () => resolve());
      socket.once('error', reject);
    });
    return new TurnSession(target, undefined, socket);
  }

  #receive(buf: Buffer): void {
    const m = decodeStun(buf);
    if (!m) return;
    this.#pending.get(m.transactionId.toString('hex'))?.(m);
  }

  /** Sends one request and waits for its answer; over UDP, sent again every 500 ms (loss). */
  async #request(method: number, attributes: StunMessage['attributes'], signed: boolean, timeoutMs = 5000): Promise<StunMessage> {
    const transactionId = newTransactionId();
    const key = signed ? this.#key : undefined;
    const packet = encodeStun({ type: method | CLASS.request, transactionId, attributes }, key);
    const id = transactionId.toString('hex');
    let resend: NodeJS.Timeout | undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await new Promise<StunMessage>((resolve, reject) => {
        this.#pending.set(id, resolve);
        timer = setTimeout(() => reject(new Error(`no answer from TURN over ${this.target.transport} within ${timeoutMs} ms`)), timeoutMs);
        const send = () => (this.udp ? this.udp.send(packet, this.target.port, this.target.host) : this.tls!.write(packet));
        send();
        if (this.udp) resend = setInterval(send, 500);
      });
    } finally {
      this.#pending.delete(id);
      clearTimeout(timer);
      clearInterval(resend);
    }
  }

  /** Allocate a UDP relay with these credentials: the first try learns realm and nonce (401), the second signs. */
  async allocate(username: string, password: string): Promise<Outcome> {
    const transport = Buffer.from([17, 0, 0, 0]); // REQUESTED-TRANSPORT: UDP
    const first = await this.#request(METHOD.allocate, [{ type: ATTR.requestedTransport, value: transport }], false);
    if (first.type !== (METHOD.allocate | CLASS.error) || errorCode(first) !== 401)
      throw new Error(`expected a 401 challenge, got type ${first.type} with error ${errorCode(first)}`);
    this.#realm = attr(first, ATTR.realm)?.toString('utf8') ?? '';
    this.#nonce = attr(first, ATTR.nonce) ?? Buffer.alloc(0);
    this.#key = longTermKey(username, this.#realm, password);
    this.#username = username;
    return this.#signed(METHOD.allocate, [{ type: ATTR.requestedTransport, value: transport }]);
  }

  #username = '';

  /** Permission to exchange data with `peer` through the allocation: coturn refuses denied peers (403). */
  createPermission(peer: string): Promise<Outcome> {
    return this.#signed(METHOD.createPermission, [{ type: ATTR.xorPeerAddress, value: encodeXorAddress(peer, 9) }]);
  }

  async #signed(method: number, attributes: StunMessage['attributes']): Promise<Outcome> {
    const auth = [
      { type: ATTR.username, value: Buffer.from(this.#username, 'utf8') },
      { type: ATTR.realm, value: Buffer.from(this.#realm, 'utf8') },
      { type: ATTR.nonce, value: this.#nonce },
    ];
    const m = await this.#request(method, [...attributes, ...auth], true);
    if (m.type === (method | CLASS.success)) return { ok: true, message: m };
    return { ok: false, code: errorCode(m) };
  }

  static relayed(m: StunMessage): { address: string; port: number } | undefined {
    return xorAddress(m, ATTR.xorRelayedAddress);
  }

  close(): void {
    this.udp?.close();
    this.tls?.destroy();
  }
}
