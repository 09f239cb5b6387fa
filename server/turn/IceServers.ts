// What one participant's browser is told about TURN (media.iceServers): fresh credentials of its
// own, the URLs, and whether it must relay (its site's policy: networks that let nothing through
// but TCP/TLS to one address).
import type { IceServersReply } from '../../core/protocol/signaling.js';
import type { TurnConfig } from './TurnConfig.js';
import { turnCredential, turnUrls } from './turnCredentials.js';

export interface IceServersDeps {
  config: TurnConfig;
  /** The shared secret (configured, or generated and kept in data/secrets); unused while TURN is off. */
  secret: string | undefined;
  /** Whether this participant's site forces relay. */
  relayOnly: (participantId: string) => Promise<boolean>;
  now?: () => Date;
}

export class IceServers {
  readonly #deps: IceServersDeps;
  readonly #urls: string[];

  constructor(deps: IceServersDeps) {
    if (deps.config.mode !== 'off' && !deps.secret) throw new Error('TURN is on and has no secret');
    this.#deps = deps;
    this.#urls = deps.config.mode === 'off' ? [] : turnUrls(deps.config);
  }

  get enabled(): boolean {
    return this.#urls.length > 0;
  }

  async forParticipant(participantId: string): Promise<IceServersReply> {
    const { config, secret, relayOnly } = this.#deps;
    const now = this.#deps.now?.() ?? new Date();
    if (!this.enabled || !secret) {
      // Relay-only without a relay would be no media at all: without TURN, direct is the only chance.
      if (await relayOnly(participantId)) console.warn(`[turn] participant ${participantId}: relay-only site, but TURN is off`);
      return { iceServers: [], iceTransportPolicy: 'all', expiresAt: new Date(now.getTime() + config.ttlS * 1000).toISOString() };
    }
    const { username, credential, expiresAt } = turnCredential(secret, participantId, now, config.ttlS);
    const relay = await relayOnly(participantId);
    return {
      iceServers: [{ urls: this.#urls, username, credential }],
      iceTransportPolicy: relay ? 'relay' : 'all',
      expiresAt: expiresAt.toISOString(),
    };
  }
}
