// TURN settings from the environment (VCOURT_TURN_*), checked at start so a typo fails loudly
// instead of leaving a remote site without media. Off unless configured: `npm start` needs no coturn.
import { isIP } from 'node:net';

/** off: no TURN (host candidates only); embedded: vcourt runs coturn itself; external: a coturn run elsewhere. */
export type TurnMode = 'off' | 'embedded' | 'external';
/** Which URLs participants get: turn: over UDP, turn: over TCP, turns: (TLS over TCP). */
export type TurnTransport = 'udp' | 'tcp' | 'tls';

export interface TurnConfig {
  mode: TurnMode;
  /** The shared secret of coturn's use-auth-secret; undefined: generated once, kept in data/secrets/turn.key. */
  secret?: string;
  /** The name or address participants reach TURN at (and that a TLS certificate names). */
  host: string;
  /** turn: over UDP and TCP (coturn's listening-port). */
  port: number;
  /** turns: (coturn's tls-listening-port); 443 gets through most site firewalls. */
  tlsPort: number;
  tls?: { certFile: string; keyFile: string };
  transports: TurnTransport[];
  /** Lifetime of the credentials handed to one participant, in seconds. */
  ttlS: number;
  realm: string;
  /** Embedded coturn: the address it listens on and relays from. */
  listenIp: string;
  /** Embedded coturn behind NAT: its public address (coturn's external-ip). */
  externalIp?: string;
  /** Embedded coturn: the UDP port range of relayed allocations. */
  relayMinPort: number;
  relayMaxPort: number;
  /** Development and tests only: lets coturn relay to a media server on 127.0.0.1. Never in production. */
  allowLoopbackPeers: boolean;
}

const MODES: readonly TurnMode[] = ['off', 'embedded', 'external'];
const TRANSPORTS: readonly TurnTransport[] = ['udp', 'tcp', 'tls'];

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`${name} must be a port number (1–65535), got "${raw}"`);
  return n;
}

/** "49160-49200": the relay port range. */
function range(env: NodeJS.ProcessEnv, name: string, fallback: [number, number]): [number, number] {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const m = /^(\d+)\s*-\s*(\d+)$/.exec(raw);
  const [min, max] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
  if (!(min >= 1024 && max <= 65535 && min <= max))
    throw new Error(`${name} must be a port range like 49160-49200 (1024–65535), got "${raw}"`);
  return [min, max];
}

export interface TurnDefaults {
  /** The media server's own address: where embedded coturn listens unless told otherwise. */
  listenIp: string;
  /** The address participants reach the server at, when known (VCOURT_RTC_ANNOUNCED_ADDRESS). */
  announcedAddress?: string;
}

export function loadTurnConfig(env: NodeJS.ProcessEnv, defaults: TurnDefaults): TurnConfig {
  const mode = (env.VCOURT_TURN?.trim() || 'off') as TurnMode;
  if (!MODES.includes(mode)) throw new Error(`VCOURT_TURN must be one of ${MODES.join(', ')}, got "${env.VCOURT_TURN}"`);
  const certFile = env.VCOURT_TURN_TLS_CERT || undefined;
  const keyFile = env.VCOURT_TURN_TLS_KEY || undefined;
  if (!certFile !== !keyFile) throw new Error('VCOURT_TURN_TLS_CERT and VCOURT_TURN_TLS_KEY go together: set both or neither');
  const tls = certFile && keyFile ? { certFile, keyFile } : undefined;
  const listenIp = env.VCOURT_TURN_LISTEN_IP || defaults.listenIp;
  if (mode !== 'off' && !isIP(listenIp)) throw new Error(`VCOURT_TURN_LISTEN_IP must be an IP address, got "${listenIp}"`);
  const externalIp = env.VCOURT_TURN_EXTERNAL_IP || undefined;
  if (externalIp !== undefined && !isIP(externalIp)) throw new Error(`VCOURT_TURN_EXTERNAL_IP must be an IP address, got "${externalIp}"`);
  const host = env.VCOURT_TURN_HOST || defaults.announcedAddress || (listenIp === '0.0.0.0' ? '' : listenIp);
  if (mode !== 'off' && !host) throw new Error('VCOURT_TURN_HOST must name the address participants reach TURN at');
  if (/[\s/?#@]/.test(host)) throw new Error(`VCOURT_TURN_HOST must be a host name or address, got "${host}"`);
  const ttlS = Number(env.VCOURT_TURN_TTL_S || 3600);
  if (!Number.isInteger(ttlS) || ttlS < 60 || ttlS > 86_400)
    throw new Error(`VCOURT_TURN_TTL_S must be 60–86400 seconds, got "${env.VCOURT_TURN_TTL_S}"`);
  const secret = env.VCOURT_TURN_SECRET || undefined;
  if (secret !== undefined && secret.length < 16) throw new Error('VCOURT_TURN_SECRET must be at least 16 characters');
  if (mode === 'external' && !secret)
    throw new Error('VCOURT_TURN=external needs VCOURT_TURN_SECRET (the static-auth-secret of that coturn)');
  const transports = transportList(env.VCOURT_TURN_TRANSPORTS, tls !== undefined || mode === 'external');
  if (mode === 'embedded' && transports.includes('tls') && !tls) {
    throw new Error('VCOURT_TURN_TRANSPORTS includes tls: embedded coturn needs VCOURT_TURN_TLS_CERT and VCOURT_TURN_TLS_KEY');
  }
  const [relayMinPort, relayMaxPort] = range(env, 'VCOURT_TURN_RELAY_PORTS', [49152, 65535]);
  return {
    mode,
    secret,
    host,
    port: port(env, 'VCOURT_TURN_PORT', 3478),
    tlsPort: port(env, 'VCOURT_TURN_TLS_PORT', 5349),
    tls,
    transports,
    ttlS,
    realm: env.VCOURT_TURN_REALM || host || 'vcourt',
    listenIp,
    externalIp,
    relayMinPort,
    relayMaxPort,
    allowLoopbackPeers: env.VCOURT_TURN_ALLOW_LOOPBACK_PEERS === '1',
  };
}

/** "udp,tcp,tls" (the default: all three when TLS is there, else udp and tcp). */
function transportList(raw: string | undefined, tlsAvailable: boolean): TurnTransport[] {
  if (!raw?.trim()) return tlsAvailable ? ['udp', 'tcp', 'tls'] : ['udp', 'tcp'];
  const list = raw.split(/[\s,]+/).filter(Boolean);
  for (const t of list) {
    if (!TRANSPORTS.includes(t as TurnTransport)) throw new Error(`VCOURT_TURN_TRANSPORTS: "${t}" is not one of ${TRANSPORTS.join(', ')}`);
  }
  return [...new Set(list as TurnTransport[])];
}
