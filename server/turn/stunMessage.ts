// The few parts of STUN (RFC 5389) and TURN (RFC 5766) vcourt speaks itself: a Binding request to
// see that a TURN server answers (readiness, doctor), and what the tests need to Allocate with a
// credential. Not a TURN client for media: browsers do that.
import { createHash, createHmac, randomBytes } from 'node:crypto';

export const MAGIC_COOKIE = 0x2112a442;
export const METHOD = { binding: 0x001, allocate: 0x003, createPermission: 0x008 } as const;
export const CLASS = { request: 0x00, success: 0x100, error: 0x110 } as const;
export const ATTR = {
  username: 0x0006,
  messageIntegrity: 0x0008,
  errorCode: 0x0009,
  xorPeerAddress: 0x0012,
  realm: 0x0014,
  nonce: 0x0015,
  xorRelayedAddress: 0x0016,
  requestedTransport: 0x0019,
  xorMappedAddress: 0x0020,
  fingerprint: 0x8028,
} as const;

export interface StunMessage {
  type: number;
  transactionId: Buffer;
  attributes: { type: number; value: Buffer }[];
}

export function newTransactionId(): Buffer {
  return randomBytes(12);
}

/** The long-term credential key (RFC 5389 §15.4): MD5(username ":" realm ":" password). */
export function longTermKey(username: string, realm: string, password: string): Buffer {
  return createHash('md5').update(`${username}:${realm}:${password}`).digest();
}

/** Encodes a message; with `key`, MESSAGE-INTEGRITY is appended, then always FINGERPRINT. */
export function encodeStun(m: StunMessage, key?: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (const a of m.attributes) parts.push(attribute(a.type, a.value));
  let body = Buffer.concat(parts);
  if (key) {
    // The integrity covers the header with a length that already counts the integrity attribute.
    const hmac = createHmac('sha1', key)
      .update(header(m, body.length + 24))
      .update(body)
      .digest();
    body = Buffer.concat([body, attribute(ATTR.messageIntegrity, hmac)]);
  }
  const crc = (crc32(Buffer.concat([header(m, body.length + 8), body])) ^ 0x5354554e) >>> 0;
  const fp = Buffer.alloc(4);
  fp.writeUInt32BE(crc);
  body = Buffer.concat([body, attribute(ATTR.fingerprint, fp)]);
  return Buffer.concat([header(m, body.length), body]);
}

function header(m: StunMessage, length: number): Buffer {
  const h = Buffer.alloc(20);
  h.writeUInt16BE(m.type, 0);
  h.writeUInt16BE(length, 2);
  h.writeUInt32BE(MAGIC_COOKIE, 4);
  m.transactionId.copy(h, 8);
  return h;
}

function attribute(type: number, value: Buffer): Buffer {
  const pad = (4 - (value.length % 4)) % 4;
  const a = Buffer.alloc(4 + value.length + pad);
  a.writeUInt16BE(type, 0);
  a.writeUInt16BE(value.length, 2);
  value.copy(a, 4);
  return a;
}

/** The whole message at the start of `buf`, or undefined when `buf` is not (yet) a STUN message. */
export function decodeStun(buf: Buffer): StunMessage | undefined {
  if (buf.length < 20 || buf.readUInt32BE(4) !== MAGIC_COOKIE) return undefined;
  const length = buf.readUInt16BE(2);
  if (buf.length < 20 + length) return undefined;
  const attributes: StunMessage['attributes'] = [];
  for (let at = 20; at + 4 <= 20 + length;) {
    const type = buf.readUInt16BE(at);
    const len = buf.readUInt16BE(at + 2);
    attributes.push({ type, value: buf.subarray(at + 4, at + 4 + len) });
    at += 4 + len + ((4 - (len % 4)) % 4);
  }
  return { type: buf.readUInt16BE(0), transactionId: buf.subarray(8, 20), attributes };
}

/** How many bytes the message at the start of a stream takes (STUN over TCP/TLS is framed by its length). */
export function stunLength(buf: Buffer): number | undefined {
  return buf.length < 4 ? undefined : 20 + buf.readUInt16BE(2);
}

export function attr(m: StunMessage, type: number): Buffer | undefined {
  return m.attributes.find((a) => a.type === type)?.value;
}

/** ERROR-CODE as a number (401, 403, 438…). */
export function errorCode(m: StunMessage): number | undefined {
  const v = attr(m, ATTR.errorCode);
  return v && v.length >= 4 ? (v[2]! & 0x7) * 100 + v[3]! : undefined;
}

/** An XOR-*-ADDRESS attribute (IPv4 and IPv6). */
export function xorAddress(m: StunMessage, type: number): { address: string; port: number } | undefined {
  const v = attr(m, type);
  if (!v || v.length < 8) return undefined;
  const port = v.readUInt16BE(2) ^ (MAGIC_COOKIE >>> 16);
  if (v[1] === 0x01) {
    const ip = (v.readUInt32BE(4) ^ MAGIC_COOKIE) >>> 0;
    return { address: [24, 16, 8, 0].map((s) => (ip >>> s) & 0xff).join('.'), port };
  }
  const mask = Buffer.concat([Buffer.alloc(4), m.transactionId]);
  mask.writeUInt32BE(MAGIC_COOKIE, 0);
  const bytes = Buffer.from(v.subarray(4, 20).map((b, i) => b ^ mask[i]!));
  const groups = Array.from({ length: 8 }, (_, i) => bytes.readUInt16BE(i * 2).toString(16));
  return { address: groups.join(':'), port };
}

/** Encodes an address for XOR-PEER-ADDRESS (IPv4 only: all the tests and probes need). */
export function encodeXorAddress(address: string, port: number): Buffer {
  const octets = address.split('.').map(Number);
  if (octets.length !== 4 || octets.some((o) => !(o >= 0 && o <= 255))) throw new Error(`not an IPv4 address: "${address}"`);
  const v = Buffer.alloc(8);
  v[1] = 0x01;
  v.writeUInt16BE(port ^ (MAGIC_COOKIE >>> 16), 2);
  v.writeUInt32BE((((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) ^ MAGIC_COOKIE) >>> 0, 4);
  return v;
}

let table: Uint32Array | undefined;
function crc32(buf: Buffer): number {
  table ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let crc = 0xffffffff;
  for (const byte of buf) crc = table[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
