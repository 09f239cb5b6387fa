import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';

describe('loadConfig(env, overrides)', () => {
  it('reads every setting from the env it is given, not from process.env', () => {
    const config = loadConfig({
      VCOURT_PORT: '9443',
      VCOURT_WORKERS: '3',
      VCOURT_RTC_MIN_PORT: '41000',
      VCOURT_RTC_MAX_PORT: '41999',
      VCOURT_RTC_LISTEN_IP: '10.0.0.5',
      VCOURT_EDGE_AFTER: '20',
      VCOURT_MAX_EDGES: '1',
      VCOURT_DEMO: '0',
      VCOURT_ADMIN_PASSWORD: 'pw',
    } as NodeJS.ProcessEnv);
    expect(config.port).toBe(9443);
    expect(config.publicUrl).toBe('http://localhost:9443');
    expect(config.media).toMatchObject({ workers: 3, minPort: 41000, maxPort: 41999, listenIp: '10.0.0.5', edgeAfter: 20, maxEdges: 1 });
    expect(config.demo).toBe(false);
    expect(config.adminPassword).toBe('pw');
  });

  it('cascades to edge routers after 50 receivers, on every other worker, unless told otherwise', () => {
    const { media } = loadConfig({} as NodeJS.ProcessEnv);
    expect(media.edgeAfter).toBe(50);
    expect(media.maxEdges).toBeUndefined(); // placement.ts cascadeSettings: workers - 1
  });

  it('refuses a non-integer number setting', () => {
    expect(() => loadConfig({ VCOURT_WORKERS: 'many' } as NodeJS.ProcessEnv)).toThrow(/VCOURT_WORKERS must be an integer/);
  });

  it('lets overrides win, merging a partial media override into the defaults', () => {
    const config = loadConfig({ VCOURT_RTC_MIN_PORT: '42000' } as NodeJS.ProcessEnv, {
      host: '127.0.0.1',
      port: 0,
      media: { workers: 1 },
    });
    expect(config.host).toBe('127.0.0.1');
    expect(config.media).toMatchObject({ workers: 1, minPort: 42000, listenIp: '127.0.0.1' });
  });

  it('derives the default public URL from the final port, overrides included', () => {
    expect(loadConfig({} as NodeJS.ProcessEnv, { port: 0 }).publicUrl).toBe('http://localhost:0');
    expect(loadConfig({} as NodeJS.ProcessEnv, { port: 8443 }).publicUrl).toBe('http://localhost:8443');
  });

  it('keeps an explicit public URL (without its trailing slash)', () => {
    expect(loadConfig({ VCOURT_PUBLIC_URL: 'https://court.example/' } as NodeJS.ProcessEnv, { port: 0 }).publicUrl).toBe(
      'https://court.example',
    );
    expect(loadConfig({} as NodeJS.ProcessEnv, { publicUrl: 'https://x.example' }).publicUrl).toBe('https://x.example');
  });
});
