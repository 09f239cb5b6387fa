import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../server/config.js';
import { DEFAULT_CAMERA_NETWORKS } from '../../../ingest/CameraNetworks.js';

const env = (vars: Record<string, string>) => vars as NodeJS.ProcessEnv;

describe('the production switch', () => {
  it('is off by default: the one-machine start keeps its demo', () => {
    expect(loadConfig(env({}))).toMatchObject({ production: false, demo: true });
  });

  it('VCOURT_ENV=production or NODE_ENV=production: no demo unless asked for', () => {
    expect(loadConfig(env({ VCOURT_ENV: 'production' }))).toMatchObject({ production: true, demo: false });
    expect(loadConfig(env({ NODE_ENV: 'production' }))).toMatchObject({ production: true, demo: false });
    expect(loadConfig(env({ VCOURT_ENV: 'production', VCOURT_DEMO: '1' }))).toMatchObject({ production: true, demo: true });
    expect(loadConfig(env({ VCOURT_ENV: 'development', NODE_ENV: 'production' })).production).toBe(false);
  });
});

describe('VCOURT_BENCH_SECOND_FACTOR', () => {
  it('is required in production and optional on a one-machine try, unless set', () => {
    expect(loadConfig(env({})).benchSecondFactor).toBe(false);
    expect(loadConfig(env({ VCOURT_ENV: 'production' })).benchSecondFactor).toBe(true);
    expect(loadConfig(env({ VCOURT_ENV: 'production', VCOURT_BENCH_SECOND_FACTOR: 'optional' })).benchSecondFactor).toBe(false);
    expect(loadConfig(env({ VCOURT_BENCH_SECOND_FACTOR: 'required' })).benchSecondFactor).toBe(true);
  });

  it('refuses anything else at start, naming the setting', () => {
    expect(() => loadConfig(env({ VCOURT_BENCH_SECOND_FACTOR: 'yes' }))).toThrow(
      /VCOURT_BENCH_SECOND_FACTOR must be one of required, optional/,
    );
  });
});

describe('VCOURT_CAMERA_NETWORKS', () => {
  it('defaults to the private ranges', () => {
    expect(loadConfig(env({})).cameraNetworks).toEqual([...DEFAULT_CAMERA_NETWORKS]);
  });

  it('takes CIDRs separated by commas or spaces', () => {
    expect(loadConfig(env({ VCOURT_CAMERA_NETWORKS: '10.20.0.0/16, 192.168.7.0/24  fd00::/8' })).cameraNetworks).toEqual([
      '10.20.0.0/16',
      '192.168.7.0/24',
      'fd00::/8',
    ]);
  });

  it('refuses a bad one at start, naming the setting', () => {
    expect(() => loadConfig(env({ VCOURT_CAMERA_NETWORKS: '10.0.0.0/8,cameras' }))).toThrow(
      /VCOURT_CAMERA_NETWORKS: "cameras" is not a network/,
    );
  });
});
