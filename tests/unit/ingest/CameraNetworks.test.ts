import { describe, expect, it } from 'vitest';
import { CameraNetworks, DEFAULT_CAMERA_NETWORKS, inCidr, parseCidr, parseIp, splitRtspUrl } from '../../../ingest/CameraNetworks.js';

const ip = (text: string) => {
  const parsed = parseIp(text);
  if (!parsed) throw new Error(`not an IP: ${text}`);
  return parsed;
};

describe('CIDR checks', () => {
  it('parses IPv4 and IPv6 networks, a bare address being one host', () => {
    expect(parseCidr('10.0.0.0/8')).toMatchObject({ family: 4, prefix: 8 });
    expect(parseCidr('fc00::/7')).toMatchObject({ family: 6, prefix: 7 });
    expect(parseCidr('127.0.0.1')).toMatchObject({ family: 4, prefix: 32, text: '127.0.0.1/32' });
    expect(parseCidr('::1')).toMatchObject({ family: 6, prefix: 128 });
  });

  it('refuses what is not a network', () => {
    for (const bad of ['10.0.0.0/33', 'fc00::/129', '10.0.0/8', 'camera.lan/24', '10.0.0.0/8/1', '10.0.0.0/x', '']) {
      expect(() => parseCidr(bad), bad).toThrow();
    }
  });

  it('matches addresses bit by bit, at any prefix length', () => {
    expect(inCidr(parseCidr('172.16.0.0/12'), ip('172.31.255.255'))).toBe(true);
    expect(inCidr(parseCidr('172.16.0.0/12'), ip('172.32.0.1'))).toBe(false);
    expect(inCidr(parseCidr('192.168.1.128/25'), ip('192.168.1.200'))).toBe(true);
    expect(inCidr(parseCidr('192.168.1.128/25'), ip('192.168.1.127'))).toBe(false);
    expect(inCidr(parseCidr('fc00::/7'), ip('fd12:3456::1'))).toBe(true);
    expect(inCidr(parseCidr('fc00::/7'), ip('fe80::1'))).toBe(false);
    expect(inCidr(parseCidr('0.0.0.0/0'), ip('8.8.8.8'))).toBe(true);
    expect(inCidr(parseCidr('0.0.0.0/0'), ip('::1'))).toBe(false); // families never mix
  });

  it('reads IPv6 with :: anywhere, an embedded IPv4 and a zone', () => {
    expect(ip('::1').bytes).toEqual([...Array<number>(15).fill(0), 1]);
    expect(ip('fe80::1%eth0').bytes.slice(0, 2)).toEqual([0xfe, 0x80]);
    expect(ip('::ffff:127.0.0.1').bytes.slice(10)).toEqual([0xff, 0xff, 127, 0, 0, 1]);
    expect(ip('1:2:3:4:5:6:7:8').bytes).toEqual([0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8]);
  });
});

describe('CameraNetworks by default', () => {
  const networks = new CameraNetworks({ ownPorts: [8080] });

  it('allows the private ranges', () => {
    expect(networks.allowed.map((n) => n.text)).toEqual([...DEFAULT_CAMERA_NETWORKS]);
    for (const a of ['10.1.2.3', '172.16.0.9', '172.31.1.1', '192.168.1.10', 'fd00::10']) expect(networks.refusal(a, 554), a).toBeNull();
  });

  it('refuses loopback, link-local (the cloud metadata service), public, multicast and 0/8 addresses', () => {
    expect(networks.refusal('127.0.0.1', 554)).toMatch(/loopback/);
    expect(networks.refusal('::1', 554)).toMatch(/loopback/);
    expect(networks.refusal('169.254.169.254', 80)).toMatch(/link-local/);
    expect(networks.refusal('fe80::1', 554)).toMatch(/link-local/);
    expect(networks.refusal('8.8.8.8', 554)).toMatch(/not in the camera networks/);
    expect(networks.refusal('224.0.0.1', 554)).toMatch(/not a unicast/);
    expect(networks.refusal('0.0.0.0', 554)).toMatch(/not a unicast/);
    expect(networks.refusal('::', 554)).toMatch(/not a unicast/);
    expect(networks.refusal('255.255.255.255', 554)).toMatch(/not a unicast/);
  });

  it('sees through an IPv4-mapped IPv6 address', () => {
    expect(networks.refusal('::ffff:127.0.0.1', 554)).toMatch(/loopback/);
    expect(networks.refusal('::ffff:192.168.1.10', 554)).toBeNull();
  });

  it("refuses the server's own port on any address", () => {
    expect(networks.refusal('192.168.1.10', 8080)).toMatch(/vcourt's own/);
    networks.addOwnPort(18443);
    expect(networks.refusal('10.0.0.5', 18443)).toMatch(/vcourt's own/);
  });
});

describe('CameraNetworks configured', () => {
  it('opens loopback only to a network named inside it, never to a broad one', () => {
    expect(new CameraNetworks({ allow: ['127.0.0.1/32'] }).refusal('127.0.0.1', 8554)).toBeNull();
    expect(new CameraNetworks({ allow: ['127.0.0.1/32'] }).refusal('127.0.0.2', 8554)).toMatch(/loopback/);
    expect(new CameraNetworks({ allow: ['0.0.0.0/0'] }).refusal('127.0.0.1', 8554)).toMatch(/loopback/);
    expect(new CameraNetworks({ allow: ['0.0.0.0/0'] }).refusal('169.254.169.254', 80)).toMatch(/link-local/);
    expect(new CameraNetworks({ allow: ['0.0.0.0/0'] }).refusal('8.8.8.8', 554)).toBeNull();
    expect(new CameraNetworks({ allow: ['169.254.10.0/24'] }).refusal('169.254.10.7', 554)).toBeNull();
  });

  it('keeps multicast and 0/8 refused whatever is configured', () => {
    const all = new CameraNetworks({ allow: ['0.0.0.0/0', '::/0'] });
    expect(all.refusal('0.0.0.0', 554)).toMatch(/not a unicast/);
    expect(all.refusal('239.1.1.1', 554)).toMatch(/not a unicast/);
    expect(all.refusal('ff02::1', 554)).toMatch(/not a unicast/);
  });

  it('keeps refusing the own port of a loopback allowed by name', () => {
    const networks = new CameraNetworks({ allow: ['127.0.0.1/32'], ownPorts: [41234] });
    expect(networks.refusal('127.0.0.1', 41234)).toMatch(/vcourt's own/);
  });
});

describe('CameraNetworks.check (resolve, then every address)', () => {
  const lookup = (table: Record<string, string[]>) => async (host: string) => {
    const found = table[host];
    if (!found) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return found;
  };

  it('gives the target to connect to: the checked address, the port, credentials and path as written', async () => {
    const networks = new CameraNetworks({ lookup: lookup({ 'cam1.court.lan': ['192.168.5.20'] }) });
    const checked = await networks.check('rtsp://admin:p%40ss@cam1.court.lan:8554/live?ch=1');
    expect(checked).toEqual({
      ok: true,
      target: { tls: false, host: 'cam1.court.lan', address: '192.168.5.20', port: 8554, userinfo: 'admin:p%40ss', rest: '/live?ch=1' },
    });
  });

  it('refuses a name when any one of its addresses is not allowed', async () => {
    const networks = new CameraNetworks({ lookup: lookup({ 'cam.evil': ['192.168.5.20', '169.254.169.254'] }) });
    const checked = await networks.check('rtsp://cam.evil/x');
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.reason).toMatch(/cam\.evil resolves to 169\.254\.169\.254; .*link-local/);
  });

  it('refuses a host that does not resolve, and does not print the password in a refusal', async () => {
    const networks = new CameraNetworks({ lookup: lookup({}) });
    const checked = await networks.check('rtsp://admin:s3cret@nowhere.lan/x');
    expect(!checked.ok && checked.reason).toMatch(/does not resolve \(ENOTFOUND\)/);
    expect(JSON.stringify(checked)).not.toContain('s3cret');
  });

  it('gives up on a lookup that hangs', async () => {
    const networks = new CameraNetworks({ lookup: () => new Promise(() => undefined), lookupTimeoutMs: 50 });
    const checked = await networks.check('rtsp://slow.lan/x');
    expect(!checked.ok && checked.reason).toMatch(/ETIMEOUT/);
  });

  it('resolves numeric forms the way ffmpeg would (getaddrinfo): 127.1 and 2130706433 are loopback', async () => {
    const networks = new CameraNetworks();
    for (const host of ['127.1', '2130706433', '0x7f000001', '[::ffff:127.0.0.1]']) {
      const checked = await networks.check(`rtsp://${host}:8554/x`);
      expect(!checked.ok && checked.reason, host).toMatch(/loopback/);
    }
  });

  it("refuses the server's own port before resolving anything", async () => {
    const networks = new CameraNetworks({ allow: ['127.0.0.1/32'], ownPorts: [8080], lookup: () => Promise.reject(new Error('asked')) });
    const checked = await networks.check('rtsp://127.0.0.1:8080/api');
    expect(!checked.ok && checked.reason).toMatch(/port 8080 is vcourt's own/);
  });
});

describe('splitRtspUrl', () => {
  it('splits at the last @ of the authority, brackets IPv6, defaults the port by scheme', () => {
    expect(splitRtspUrl('rtsp://a:b@c@10.0.0.1/x')).toMatchObject({ userinfo: 'a:b@c', host: '10.0.0.1', port: 554, rest: '/x' });
    expect(splitRtspUrl('rtsps://[fc00::1]/x')).toMatchObject({ tls: true, host: 'fc00::1', port: 322, userinfo: null });
    expect(splitRtspUrl('RTSP://10.0.0.1:8554')).toMatchObject({ tls: false, host: '10.0.0.1', port: 8554, rest: '' });
  });

  it('refuses what it cannot connect to', () => {
    for (const bad of [
      'http://10.0.0.1/',
      'rtsp:///x',
      'rtsp://10.0.0.1:99999/',
      'rtsp://10.0.0.1:80a/',
      'rtsp://[fc00::1/x',
      'rtsp://[::1]x/',
    ]) {
      expect(splitRtspUrl(bad), bad).toHaveProperty('error');
    }
  });
});
