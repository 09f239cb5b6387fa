// `npm run turn:config -- <file>`: writes the hardened turnserver.conf for a coturn run as its own
// service (docker-compose.yml's coturn, or Debian's coturn unit), from the same VCOURT_TURN_* and
// VCOURT_RTC_* settings vcourt reads and the same code as the embedded one (server/turn/coturnConfig.ts).
// The file holds the shared secret: written 0600.
import { chmodSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { loadConfig } from '../server/config.js';
import { coturnConfigText, coturnSettings } from '../server/turn/coturnConfig.js';

const file = process.argv[2];
const stateDir = process.env.VCOURT_TURN_STATE_DIR || '/var/lib/coturn';
try {
  if (!file) throw new Error('usage: npm run turn:config -- <turnserver.conf to write>');
  const { turn, media } = loadConfig();
  if (!turn.secret) throw new Error('set VCOURT_TURN_SECRET: coturn and vcourt must share it');
  if (turn.allowLoopbackPeers) throw new Error('VCOURT_TURN_ALLOW_LOOPBACK_PEERS is for tests only, never for a served coturn');
  const mediaAddress = media.announcedAddress && isIP(media.announcedAddress) ? media.announcedAddress : media.listenIp;
  writeFileSync(file, coturnConfigText(coturnSettings(turn, turn.secret, mediaAddress, stateDir)), { mode: 0o600 });
  chmodSync(file, 0o600);
  console.log(
    `${file}: coturn on ${turn.listenIp}:${turn.port}${turn.tls ? `, TLS on ${turn.tlsPort}` : ''}, relays to ${mediaAddress} among private addresses`,
  );
} catch (error) {
  console.error(`turn-config: ${(error as Error).message}`);
  process.exit(1);
}
