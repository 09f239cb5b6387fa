// TURN REST credentials, the scheme coturn checks with use-auth-secret / static-auth-secret:
// username = "<expiry unix seconds>:<participant id>", credential = base64(HMAC-SHA1(secret, username)).
// coturn needs no database of users and refuses the username once its time has passed.
import { createHmac } from 'node:crypto';
import type { TurnConfig } from './TurnConfig.js';

export interface TurnCredential {
  username: string;
  credential: string;
  expiresAt: Date;
}

export function turnCredential(secret: string, participantId: string, now: Date, ttlS: number): TurnCredential {
  if (!secret) throw new Error('a TURN secret is required');
  if (!participantId || participantId.includes(':')) throw new Error(`not a participant id for a TURN username: "${participantId}"`);
  if (!Number.isInteger(ttlS) || ttlS <= 0) throw new Error(`TURN credential lifetime must be a positive number of seconds, got ${ttlS}`);
  const expiry = Math.floor(now.getTime() / 1000) + ttlS;
  const username = `${expiry}:${participantId}`;
  return { username, credential: signTurnUsername(secret, username), expiresAt: new Date(expiry * 1000) };
}

export function signTurnUsername(secret: string, username: string): string {
  return createHmac('sha1', secret).update(username).digest('base64');
}

/** The URLs participants are given, one per configured transport. IPv6 literals get their brackets. */
export function turnUrls(config: Pick<TurnConfig, 'host' | 'port' | 'tlsPort' | 'transports'>): string[] {
  const host = config.host.includes(':') && !config.host.startsWith('[') ? `[${config.host}]` : config.host;
  return config.transports.map((t) =>
    t === 'tls' ? `turns:${host}:${config.tlsPort}?transport=tcp` : `turn:${host}:${config.port}?transport=${t}`,
  );
}
