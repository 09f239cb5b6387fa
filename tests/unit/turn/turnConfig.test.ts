import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/config.js';
import { loadTurnConfig } from '../../../server/turn/TurnConfig.js';

const local = { listenIp: '127.0.0.1' };
const SECRET = 'sixteen-chars-or-more';

describe('TURN settings (VCOURT_TURN_*)', () => {
  it('are off by default, so npm start needs no coturn', () => {
    expect(loadConfig({}).turn.mode).toBe('off');
    expect(loadTurnConfig({}, local)).toMatchObject({ mode: 'off', port: 3478, tlsPort: 5349, ttlS: 3600, transports: ['udp', 'tcp'] });
  });

  it('embedded: listens where the media server does, TLS ports and relay range as configured', () => {
    const c = loadTurnConfig(
      {
        VCOURT_TURN: 'embedded',
        VCOURT_TURN_TLS_PORT: '443',
        VCOURT_TURN_TLS_CERT: '/etc/ssl/turn.pem',
        VCOURT_TURN_TLS_KEY: '/etc/ssl/turn.key',
        VCOURT_TURN_RELAY_PORTS: '50000-50100',
      },
      { listenIp: '10.0.0.5', announcedAddress: '203.0.113.7' },
    );
    expect(c).toMatchObject({
      mode: 'embedded',
      host: '203.0.113.7',
      listenIp: '10.0.0.5',
      tlsPort: 443,
      tls: { certFile: '/etc/ssl/turn.pem', keyFile: '/etc/ssl/turn.key' },
      transports: ['udp', 'tcp', 'tls'],
      relayMinPort: 50000,
      relayMaxPort: 50100,
      allowLoopbackPeers: false,
    });
  });

  it.each([
    [{ VCOURT_TURN: 'on' }, /VCOURT_TURN must be one of off, embedded, external/],
    [{ VCOURT_TURN: 'external', VCOURT_TURN_HOST: 'turn.example', VCOURT_TURN_SECRET: '' }, /external needs VCOURT_TURN_SECRET/],
    [{ VCOURT_TURN: 'embedded', VCOURT_TURN_SECRET: 'short' }, /at least 16 characters/],
    [{ VCOURT_TURN: 'embedded', VCOURT_TURN_PORT: '70000' }, /VCOURT_TURN_PORT must be a port number/],
    [{ VCOURT_TURN: 'embedded', VCOURT_TURN_TLS_PORT: 'https' }, /VCOURT_TURN_TLS_PORT must be a port number/],
    [{ VCOURT_TURN: 'embedded', VCOURT_TURN_RELAY_PORTS: '60000-50000' }, /VCOURT_TURN_RELAY_PORTS must be a port range/],
    [{ VCOURT_TURN: 'embedded', VCOURT_TURN_TLS_CERT: '/x.pem' }, /set both or neither/],
    [{ VCOURT_TURN: 'embedded', VCOURT_TURN_TRANSPORTS: 'udp,quic' }, /"quic" is not one of udp, tcp, tls/],
    [{ VCOURT_TURN: 'embedded', VCOURT_TURN_TRANSPORTS: 'tls' }, /embedded coturn needs VCOURT_TURN_TLS_CERT/],
    [{ VCOURT_TURN: 'embedded', VCOURT_TURN_HOST: 'turn.example/x' }, /must be a host name or address/],
    [{ VCOURT_TURN: 'embedded', VCOURT_TURN_TTL_S: '10' }, /VCOURT_TURN_TTL_S must be 60–86400/],
    [{ VCOURT_TURN: 'embedded', VCOURT_TURN_LISTEN_IP: 'localhost' }, /VCOURT_TURN_LISTEN_IP must be an IP address/],
  ])('refuses %j with a clear error', (env, message) => {
    expect(() => loadTurnConfig({ VCOURT_TURN_SECRET: SECRET, ...env }, local)).toThrow(message);
  });

  it('needs to know where participants reach it when it listens everywhere', () => {
    expect(() => loadTurnConfig({ VCOURT_TURN: 'embedded' }, { listenIp: '0.0.0.0' })).toThrow(/VCOURT_TURN_HOST must name/);
  });

  it('hands out turns: only when told (a site that lets only TLS out)', () => {
    const c = loadTurnConfig(
      { VCOURT_TURN: 'embedded', VCOURT_TURN_TRANSPORTS: 'tls', VCOURT_TURN_TLS_CERT: '/c', VCOURT_TURN_TLS_KEY: '/k' },
      local,
    );
    expect(c.transports).toEqual(['tls']);
  });
});
