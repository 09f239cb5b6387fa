import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { IceServers } from '../../../server/turn/IceServers.js';
import { loadTurnConfig } from '../../../server/turn/TurnConfig.js';
import { turnCredential, turnUrls } from '../../../server/turn/turnCredentials.js';

const SECRET = 'a-turn-secret-of-some-length';
const NOW = new Date('2026-11-29T09:00:00.000Z');

describe('TURN REST credentials', () => {
  it('username is "<expiry>:<participant>", credential is base64 HMAC-SHA1 of it under the secret', () => {
    const c = turnCredential(SECRET, 'p-123', NOW, 3600);
    const expiry = NOW.getTime() / 1000 + 3600;
    expect(c.username).toBe(`${expiry}:p-123`);
    expect(c.credential).toBe(createHmac('sha1', SECRET).update(c.username).digest('base64'));
    expect(c.expiresAt.toISOString()).toBe('2026-11-29T10:00:00.000Z');
  });

  it('a different secret or participant gives a different credential', () => {
    const c = turnCredential(SECRET, 'p-123', NOW, 3600);
    expect(turnCredential(SECRET + 'x', 'p-123', NOW, 3600).credential).not.toBe(c.credential);
    expect(turnCredential(SECRET, 'p-124', NOW, 3600).credential).not.toBe(c.credential);
  });

  it('refuses a participant id with a colon (it would forge the expiry field), no secret, or no lifetime', () => {
    expect(() => turnCredential(SECRET, '9999999999:x', NOW, 3600)).toThrow(/participant id/);
    expect(() => turnCredential('', 'p', NOW, 3600)).toThrow(/secret/);
    expect(() => turnCredential(SECRET, 'p', NOW, 0)).toThrow(/lifetime/);
  });

  it('URLs: turn: over UDP and TCP on the port, turns: on the TLS port; IPv6 literals bracketed', () => {
    expect(turnUrls({ host: 'turn.toaan.vn', port: 3478, tlsPort: 443, transports: ['udp', 'tcp', 'tls'] })).toEqual([
      'turn:turn.toaan.vn:3478?transport=udp',
      'turn:turn.toaan.vn:3478?transport=tcp',
      'turns:turn.toaan.vn:443?transport=tcp',
    ]);
    expect(turnUrls({ host: '2001:db8::1', port: 3478, tlsPort: 5349, transports: ['tls'] })).toEqual([
      'turns:[2001:db8::1]:5349?transport=tcp',
    ]);
  });
});

describe('what a participant is handed (media.iceServers)', () => {
  const config = loadTurnConfig(
    { VCOURT_TURN: 'external', VCOURT_TURN_SECRET: SECRET, VCOURT_TURN_HOST: 'turn.toaan.vn' },
    { listenIp: '0.0.0.0' },
  );
  const relaySites = new Set(['p-detention']);
  const ice = new IceServers({ config, secret: SECRET, relayOnly: (id) => Promise.resolve(relaySites.has(id)), now: () => NOW });

  it('its own credentials, every URL, and relay only where its site says so', async () => {
    const reply = await ice.forParticipant('p-detention');
    expect(reply.iceTransportPolicy).toBe('relay');
    expect(reply.expiresAt).toBe('2026-11-29T10:00:00.000Z');
    expect(reply.iceServers).toEqual([
      {
        urls: ['turn:turn.toaan.vn:3478?transport=udp', 'turn:turn.toaan.vn:3478?transport=tcp', 'turns:turn.toaan.vn:5349?transport=tcp'],
        username: `${NOW.getTime() / 1000 + 3600}:p-detention`,
        credential: turnCredential(SECRET, 'p-detention', NOW, 3600).credential,
      },
    ]);
    expect((await ice.forParticipant('p-office')).iceTransportPolicy).toBe('all');
  });

  it('with TURN off: no servers, and never relay-only (that would be no media at all)', async () => {
    const off = new IceServers({
      config: loadTurnConfig({}, { listenIp: '127.0.0.1' }),
      secret: undefined,
      relayOnly: () => Promise.resolve(true),
      now: () => NOW,
    });
    expect(await off.forParticipant('p-detention')).toMatchObject({ iceServers: [], iceTransportPolicy: 'all' });
  });
});
