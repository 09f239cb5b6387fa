// The turnserver.conf vcourt writes for its own coturn, hardened the way Jitsi hardens its TURN:
// a relay open to anyone with a credential must not become a door into the court's own network,
// so every private, loopback, link-local and multicast peer is refused except the media server.
import { isIP } from 'node:net';
import { join } from 'node:path';
import type { TurnConfig } from './TurnConfig.js';

export interface CoturnSettings {
  /** The address coturn listens on and relays from; 0.0.0.0: every address (coturn picks the relay ones). */
  listenIp: string;
  port: number;
  /** turns: listener, when a certificate is given. */
  tls?: { port: number; certFile: string; keyFile: string };
  externalIp?: string;
  relayMinPort: number;
  relayMaxPort: number;
  realm: string;
  secret: string;
  /** The media server's address: the one peer allowed inside the denied ranges. */
  mediaAddress?: string;
  /** Development and tests only, where the media server is on 127.0.0.1. */
  allowLoopbackPeers?: boolean;
  /** Concurrent allocations per username (one participant needs two: send and receive, then a rebuild). */
  userQuota?: number;
  totalQuota?: number;
  /** Seconds a nonce lives: a captured request cannot be replayed for long. */
  staleNonceS?: number;
  /** coturn's own files (pid, its unused user database) go here, not to /var. */
  stateDir: string;
}

/**
 * What no relayed allocation may reach (IANA special-purpose ranges, as Jitsi's coturn config):
 * "this" network, RFC 1918, shared address space, loopback, link-local, documentation and
 * benchmarking nets, multicast and reserved, and their IPv6 counterparts (incl. v4-mapped).
 */
export const DENIED_PEER_RANGES: readonly string[] = [
  '0.0.0.0-0.255.255.255',
  '10.0.0.0-10.255.255.255',
  '100.64.0.0-100.127.255.255',
  '127.0.0.0-127.255.255.255',
  '169.254.0.0-169.254.255.255',
  '172.16.0.0-172.31.255.255',
  '192.0.0.0-192.0.0.255',
  '192.0.2.0-192.0.2.255',
  '192.88.99.0-192.88.99.255',
  '192.168.0.0-192.168.255.255',
  '198.18.0.0-198.19.255.255',
  '198.51.100.0-198.51.100.255',
  '203.0.113.0-203.0.113.255',
  '224.0.0.0-239.255.255.255',
  '240.0.0.0-255.255.255.255',
  '::1',
  '64:ff9b::-64:ff9b::ffff:ffff',
  '::ffff:0.0.0.0-::ffff:255.255.255.255',
  '100::-100::ffff:ffff:ffff:ffff',
  '2001::-2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff',
  '2002::-2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
  'fc00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
  'fe80::-febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
];

/** The settings of vcourt's embedded coturn, from its TURN config. */
export function coturnSettings(config: TurnConfig, secret: string, mediaAddress: string | undefined, stateDir: string): CoturnSettings {
  return {
    listenIp: config.listenIp,
    port: config.port,
    tls: config.tls ? { port: config.tlsPort, ...config.tls } : undefined,
    externalIp: config.externalIp,
    relayMinPort: config.relayMinPort,
    relayMaxPort: config.relayMaxPort,
    realm: config.realm,
    secret,
    mediaAddress,
    allowLoopbackPeers: config.allowLoopbackPeers,
    stateDir,
  };
}

export function coturnConfigText(s: CoturnSettings): string {
  // One value per line: a newline in any of them would smuggle in a directive of its own.
  for (const [key, value] of Object.entries({ ...s, tls: s.tls && Object.values(s.tls).join(' ') })) {
    if (typeof value === 'string' && /[\r\n]/.test(value)) throw new Error(`coturn setting ${key} must be one line`);
  }
  if (s.secret.length < 16) throw new Error('the TURN secret must be at least 16 characters');
  if (s.listenIp !== '0.0.0.0' && !isIP(s.listenIp)) throw new Error(`coturn listen address is not an IP address: "${s.listenIp}"`);
  if (s.mediaAddress !== undefined && !isIP(s.mediaAddress))
    throw new Error(`media server address is not an IP address: "${s.mediaAddress}"`);
  if (!(s.relayMinPort <= s.relayMaxPort)) throw new Error(`relay port range ${s.relayMinPort}-${s.relayMaxPort} is empty`);
  const lines = [
    '# Written by vcourt (server/turn/coturnConfig.ts): regenerate it rather than edit it.',
    `listening-port=${s.port}`,
    ...(s.listenIp === '0.0.0.0' ? [] : [`listening-ip=${s.listenIp}`, `relay-ip=${s.listenIp}`]),
    ...(s.externalIp ? [`external-ip=${s.externalIp}`] : []),
    `min-port=${s.relayMinPort}`,
    `max-port=${s.relayMaxPort}`,
    // TURN REST credentials: vcourt signs "<expiry>:<participant>" with this secret (turnCredentials.ts).
    'use-auth-secret',
    `static-auth-secret=${s.secret}`,
    `realm=${s.realm}`,
    'fingerprint',
    `stale-nonce=${s.staleNonceS ?? 600}`,
    `user-quota=${s.userQuota ?? 12}`,
    `total-quota=${s.totalQuota ?? 1200}`,
    // Media reaches mediasoup over UDP; a TCP relay would only widen what the relay can reach.
    'no-tcp-relay',
    'no-multicast-peers',
    'no-cli',
    'no-software-attribute',
    'no-rfc5780',
    'no-stun-backward-compatibility',
    'response-origin-only-with-rfc5780',
    ...(s.tls
      ? [`tls-listening-port=${s.tls.port}`, `cert=${s.tls.certFile}`, `pkey=${s.tls.keyFile}`, 'no-tlsv1', 'no-tlsv1_1', 'no-dtls']
      : ['no-tls', 'no-dtls']),
    ...DENIED_PEER_RANGES.map((r) => `denied-peer-ip=${r}`),
    // Allowed addresses are checked before the denied ranges: the media server stays reachable.
    ...(s.mediaAddress && s.mediaAddress !== '0.0.0.0' ? [`allowed-peer-ip=${s.mediaAddress}`] : []),
    ...(s.allowLoopbackPeers ? ['allow-loopback-peers'] : []),
    'log-file=stdout',
    'simple-log',
    `pidfile=${join(s.stateDir, 'turnserver.pid')}`,
    `userdb=${join(s.stateDir, 'turndb')}`,
  ];
  return lines.join('\n') + '\n';
}
