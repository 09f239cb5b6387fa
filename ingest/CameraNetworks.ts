// Where the server may pull a camera from. A camera URL is an address the server connects to on a
// clerk's word, every second while the camera is down: without a fence it reaches the cloud's
// metadata service (169.254.169.254), the server's own API on loopback, anything on the LAN. So
// a camera's host is resolved and every address it resolves to must lie in an allowed network
// (VCOURT_CAMERA_NETWORKS, CIDRs; by default the private ranges), checked on registration and on
// every connection; the connection then goes to that very address (RtspRelay), never re-resolved.
//
// Loopback and link-local addresses are allowed only by a network named inside them (127.0.0.1/32,
// 169.254.0.0/16): a broad 0.0.0.0/0 does not open them. Multicast, 0.0.0.0/8, the reserved and
// unspecified addresses are never cameras; neither is the server's own HTTP port, on any address.
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIPv4, isIPv6 } from 'node:net';

/** The private ranges: a courtroom camera lives on the court's LAN. */
export const DEFAULT_CAMERA_NETWORKS = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'] as const;

interface Ip {
  family: 4 | 6;
  bytes: number[];
}

export interface Cidr extends Ip {
  prefix: number;
  text: string;
}

/** An IP address (v4, v6, v6 with an embedded v4 or a zone) as bytes; null when it is not one. */
export function parseIp(text: string): Ip | null {
  const ip = text.replace(/%.*$/, '');
  if (isIPv4(ip)) return { family: 4, bytes: ip.split('.').map(Number) };
  if (!isIPv6(ip)) return null;
  let s = ip;
  let v4: number[] = [];
  const last = s.lastIndexOf(':');
  if (s.slice(last + 1).includes('.')) {
    v4 = s
      .slice(last + 1)
      .split('.')
      .map(Number);
    s = s.slice(0, last + 1) + '0:0';
  }
  const [left = '', right] = s.split('::');
  const head = left ? left.split(':') : [];
  const tail = right === undefined ? [] : right ? right.split(':') : [];
  const groups = right === undefined ? head : [...head, ...Array<string>(8 - head.length - tail.length).fill('0'), ...tail];
  const bytes = groups.flatMap((g) => {
    const n = parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
  if (v4.length === 4) bytes.splice(12, 4, ...v4);
  return { family: 6, bytes };
}

/** `address/prefix` (or a bare address: one host); throws with what is wrong. */
export function parseCidr(text: string): Cidr {
  const [address = '', prefixText, ...rest] = text.trim().split('/');
  const ip = parseIp(address);
  if (!ip || rest.length > 0 || address.includes('%')) throw new Error(`"${text}" is not a network (address/prefix, e.g. 10.0.0.0/8)`);
  const max = ip.family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= max)) throw new Error(`"${text}": the prefix must be 0 to ${max}`);
  return { ...ip, prefix, text: `${address}/${prefix}` };
}

/** Whether `ip` lies in `net` (same family, same first `prefix` bits). */
export function inCidr(net: Cidr, ip: Ip): boolean {
  if (net.family !== ip.family) return false;
  for (let bit = 0; bit < net.prefix; bit += 8) {
    const i = bit / 8;
    const mask = net.prefix - bit >= 8 ? 0xff : (0xff << (8 - (net.prefix - bit))) & 0xff;
    if (((net.bytes[i] ?? 0) & mask) !== ((ip.bytes[i] ?? 0) & mask)) return false;
  }
  return true;
}

/** An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is the IPv4 address it maps. */
function unmapped(ip: Ip): Ip {
  const b = ip.bytes;
  if (ip.family === 6 && b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff) return { family: 4, bytes: b.slice(12) };
  return ip;
}

const ranges = (kind: string, list: string[]) => list.map((text) => ({ kind, net: parseCidr(text) }));
/** Never a camera, whatever is configured. */
const NEVER = ranges('not a unicast host address', ['0.0.0.0/8', '224.0.0.0/4', '240.0.0.0/4', '::/128', 'ff00::/8']);
/** Allowed only by a configured network that lies inside them. */
const EXPLICIT_ONLY = [
  ...ranges('a loopback address', ['127.0.0.0/8', '::1/128']),
  ...ranges('link-local', ['169.254.0.0/16', 'fe80::/10']),
];

export interface CameraTarget {
  /** rtsps: the relay speaks TLS to the camera, plain RTSP to ffmpeg on loopback. */
  tls: boolean;
  /** The host as written in the URL (TLS server name when it is a name). */
  host: string;
  /** The checked address the connection goes to. */
  address: string;
  port: number;
  /** `user:pass` as written, or null. */
  userinfo: string | null;
  /** Path, query and fragment as written. */
  rest: string;
}

export type CameraCheck = { ok: true; target: CameraTarget } | { ok: false; reason: string };

export type Lookup = (host: string) => Promise<string[]>;

const systemLookup: Lookup = async (host) => (await dnsLookup(host, { all: true, verbatim: true })).map((a) => a.address);

/** scheme, userinfo, host and port of an rtsp(s) URL, split the way ffmpeg splits it (last '@' of the authority). */
export function splitRtspUrl(url: string): Omit<CameraTarget, 'address'> | { error: string } {
  const m = /^(rtsps?):\/\/([^/?#]*)(.*)$/is.exec(url);
  if (!m) return { error: 'not an rtsp:// or rtsps:// URL' };
  const [, scheme = '', authority = '', rest = ''] = m;
  const at = authority.lastIndexOf('@');
  const userinfo = at >= 0 ? authority.slice(0, at) : null;
  const hostport = authority.slice(at + 1);
  let host: string;
  let portText: string;
  if (hostport.startsWith('[')) {
    const end = hostport.indexOf(']');
    if (end < 0) return { error: 'the host has no closing ]' };
    host = hostport.slice(1, end);
    const after = hostport.slice(end + 1);
    if (after && !after.startsWith(':')) return { error: 'unexpected text after the host' };
    portText = after.slice(1);
  } else {
    const colon = hostport.indexOf(':');
    host = colon < 0 ? hostport : hostport.slice(0, colon);
    portText = colon < 0 ? '' : hostport.slice(colon + 1);
  }
  if (!host) return { error: 'the URL names no host' };
  const tls = scheme.toLowerCase() === 'rtsps';
  const port = portText === '' ? (tls ? 322 : 554) : /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 1 && port <= 65535)) return { error: `"${portText}" is not a port` };
  return { tls, host, port, userinfo, rest };
}

export interface CameraNetworksOptions {
  /** CIDRs a camera may be in (VCOURT_CAMERA_NETWORKS); DEFAULT_CAMERA_NETWORKS when not given. */
  allow?: readonly string[];
  /** The server's own ports (its HTTP port): refused on any address. */
  ownPorts?: readonly number[];
  /** Host → addresses; getaddrinfo (as ffmpeg would) unless given. */
  lookup?: Lookup;
  lookupTimeoutMs?: number;
}

export class CameraNetworks {
  readonly allowed: readonly Cidr[];
  readonly #ownPorts: Set<number>;
  readonly #lookup: Lookup;
  readonly #lookupTimeoutMs: number;

  constructor(options: CameraNetworksOptions = {}) {
    this.allowed = (options.allow ?? DEFAULT_CAMERA_NETWORKS).map(parseCidr);
    this.#ownPorts = new Set(options.ownPorts ?? []);
    this.#lookup = options.lookup ?? systemLookup;
    this.#lookupTimeoutMs = options.lookupTimeoutMs ?? 5000;
  }

  /** The port the server listens on, once it is known (port 0 in tests). */
  addOwnPort(port: number): void {
    this.#ownPorts.add(port);
  }

  /** Why the camera may not be reached at `address`:`port`, or null when it may. */
  refusal(address: string, port: number): string | null {
    if (this.#ownPorts.has(port)) return `port ${port} is vcourt's own`;
    const parsed = parseIp(address);
    if (!parsed) return `${address} is not an IP address`;
    const ip = unmapped(parsed);
    const never = NEVER.find((r) => inCidr(r.net, ip));
    if (never) return `${address} is ${never.kind}`;
    const special = EXPLICIT_ONLY.find((r) => inCidr(r.net, ip));
    const ok = this.allowed.some((net) => inCidr(net, ip) && (!special || (net.prefix >= special.net.prefix && inCidr(special.net, net))));
    if (ok) return null;
    return `${address} is ${special ? special.kind + ', ' : ''}not in the camera networks (VCOURT_CAMERA_NETWORKS: ${this.describe()})`;
  }

  describe(): string {
    return this.allowed.map((n) => n.text).join(', ') || 'none';
  }

  /** Resolves the URL's host and checks every address it has: the target to connect to, or why not. */
  async check(url: string): Promise<CameraCheck> {
    const parts = splitRtspUrl(url);
    if ('error' in parts) return { ok: false, reason: `camera URL: ${parts.error}` };
    if (this.#ownPorts.has(parts.port)) return { ok: false, reason: `camera URL: port ${parts.port} is vcourt's own` };
    let addresses: string[];
    try {
      addresses = await this.#resolve(parts.host);
    } catch (e) {
      return {
        ok: false,
        reason: `camera URL: the host ${parts.host} does not resolve (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
      };
    }
    if (addresses.length === 0) return { ok: false, reason: `camera URL: the host ${parts.host} has no address` };
    for (const address of addresses) {
      const why = this.refusal(address, parts.port);
      if (why) return { ok: false, reason: `camera URL: ${parts.host === address ? '' : `${parts.host} resolves to ${address}; `}${why}` };
    }
    return { ok: true, target: { ...parts, address: addresses[0]! } };
  }

  #resolve(host: string): Promise<string[]> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error('timeout'), { code: 'ETIMEOUT' })), this.#lookupTimeoutMs);
    });
    return Promise.race([this.#lookup(host), timeout]).finally(() => clearTimeout(timer));
  }
}
