// TURN: each participant gets credentials of its own (media.iceServers), and a relay-only site's
// participants relay through it; coturn itself runs here only when embedded (development, tests).
// Part of the composition root: main.ts alone calls it.
import { join } from 'node:path';
import { isIP } from 'node:net';
import type { Config } from '../config.js';
import { loadOrCreateSecret } from '../secrets.js';
import type { SqlStore } from '../store/SqlStore.js';
import { CoturnProcess } from '../turn/CoturnProcess.js';
import { coturnSettings } from '../turn/coturnConfig.js';
import { IceServers } from '../turn/IceServers.js';

export interface Turn {
  /** The embedded coturn (VCOURT_TURN=embedded); undefined otherwise. */
  coturn: CoturnProcess | undefined;
  iceServers: IceServers;
}

export async function startTurn(config: Config, store: SqlStore): Promise<Turn> {
  const turnSecret = config.turn.mode === 'off' ? undefined : (config.turn.secret ?? loadOrCreateSecret(config.dataDir, 'turn.key'));
  const coturn = config.turn.mode === 'embedded' ? await startCoturn(config, turnSecret!) : undefined;
  const iceServers = new IceServers({
    config: config.turn,
    secret: turnSecret,
    relayOnly: async (participantId) => {
      const siteId = (await store.participants.get(participantId))?.siteId;
      return siteId ? ((await store.sites.get(siteId))?.relayOnly ?? false) : false;
    },
  });
  return { coturn, iceServers };
}

/** The embedded coturn: relays to the media server's own address only, among private ones. */
async function startCoturn(config: Config, secret: string): Promise<CoturnProcess> {
  const { announcedAddress, listenIp } = config.media;
  const mediaAddress = announcedAddress && isIP(announcedAddress) ? announcedAddress : listenIp;
  if (/^127\./.test(mediaAddress) && !config.turn.allowLoopbackPeers) {
    console.warn('[turn] media server on loopback: coturn relays nothing there (VCOURT_TURN_ALLOW_LOOPBACK_PEERS=1, development only)');
  }
  const coturn = await CoturnProcess.start({
    settings: coturnSettings(config.turn, secret, mediaAddress, join(config.dataDir, 'turn')),
    log: (line) => console.warn(line),
  });
  coturn.on('restarted', (pid, ms) => console.warn(`[turn] coturn restarted (pid ${pid}, answering after ${ms} ms)`));
  return coturn;
}
