import { describe, expect, it } from 'vitest';
import { coturnConfigText, coturnSettings, DENIED_PEER_RANGES, type CoturnSettings } from '../../../server/turn/coturnConfig.js';
import { loadTurnConfig } from '../../../server/turn/TurnConfig.js';

const SECRET = 'sixteen-chars-or-more';
const base: CoturnSettings = {
  listenIp: '10.0.0.5',
  port: 3478,
  tls: { port: 443, certFile: '/etc/vcourt/turn.pem', keyFile: '/etc/vcourt/turn.key' },
  relayMinPort: 49160,
  relayMaxPort: 49200,
  realm: 'turn.toaan.vn',
  secret: SECRET,
  mediaAddress: '10.0.0.5',
  stateDir: '/var/lib/vcourt/turn',
};
const lines = (s: CoturnSettings) => coturnConfigText(s).split('\n');

describe('the embedded coturn config', () => {
  it('authenticates with the shared secret (TURN REST) and signs every message', () => {
    expect(lines(base)).toEqual(
      expect.arrayContaining(['use-auth-secret', `static-auth-secret=${SECRET}`, 'realm=turn.toaan.vn', 'fingerprint', 'stale-nonce=600']),
    );
  });

  it('is hardened: no CLI, no multicast, TLS 1.2 or later, quotas, every private range denied but the media server', () => {
    const l = lines(base);
    expect(l).toEqual(
      expect.arrayContaining([
        'no-cli',
        'no-multicast-peers',
        'no-tlsv1',
        'no-tlsv1_1',
        'user-quota=12',
        'total-quota=1200',
        'no-tcp-relay',
      ]),
    );
    for (const range of [
      '10.0.0.0-10.255.255.255',
      '172.16.0.0-172.31.255.255',
      '192.168.0.0-192.168.255.255',
      '127.0.0.0-127.255.255.255',
    ]) {
      expect(l).toContain(`denied-peer-ip=${range}`);
    }
    expect(l).toContain('denied-peer-ip=169.254.0.0-169.254.255.255');
    expect(l).toContain('denied-peer-ip=224.0.0.0-239.255.255.255');
    expect(l).toContain('denied-peer-ip=fe80::-febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff');
    expect(l.filter((x) => x.startsWith('denied-peer-ip='))).toHaveLength(DENIED_PEER_RANGES.length);
    expect(l).toContain('allowed-peer-ip=10.0.0.5');
    expect(l).not.toContain('allow-loopback-peers');
  });

  it('listens and relays on the configured address and ports, TLS with the given certificate', () => {
    expect(lines(base)).toEqual(
      expect.arrayContaining([
        'listening-port=3478',
        'listening-ip=10.0.0.5',
        'relay-ip=10.0.0.5',
        'min-port=49160',
        'max-port=49200',
        'tls-listening-port=443',
        'cert=/etc/vcourt/turn.pem',
        'pkey=/etc/vcourt/turn.key',
        'pidfile=/var/lib/vcourt/turn/turnserver.pid',
      ]),
    );
  });

  it('without a certificate: no TLS listener at all; loopback peers only when asked (tests)', () => {
    const l = lines({ ...base, tls: undefined, allowLoopbackPeers: true, mediaAddress: '127.0.0.1', listenIp: '127.0.0.1' });
    expect(l).toEqual(expect.arrayContaining(['no-tls', 'no-dtls', 'allow-loopback-peers', 'allowed-peer-ip=127.0.0.1']));
    expect(l.some((x) => x.startsWith('tls-listening-port'))).toBe(false);
  });

  it('refuses a value that would smuggle in a directive, a short secret, or a bad address', () => {
    expect(() => coturnConfigText({ ...base, realm: 'x\nallow-loopback-peers' })).toThrow(/realm must be one line/);
    expect(() => coturnConfigText({ ...base, secret: 'short' })).toThrow(/at least 16/);
    expect(() => coturnConfigText({ ...base, mediaAddress: 'media.local' })).toThrow(/not an IP address/);
    expect(() => coturnConfigText({ ...base, relayMinPort: 50000, relayMaxPort: 40000 })).toThrow(/is empty/);
  });

  it('comes from the TURN settings (VCOURT_TURN_*)', () => {
    const turn = loadTurnConfig({ VCOURT_TURN: 'embedded', VCOURT_TURN_SECRET: SECRET }, { listenIp: '127.0.0.1' });
    const s = coturnSettings(turn, SECRET, '127.0.0.1', '/tmp/x');
    expect(s).toMatchObject({ listenIp: '127.0.0.1', port: 3478, tls: undefined, realm: '127.0.0.1', allowLoopbackPeers: false });
  });
});
