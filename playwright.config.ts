// Playwright drives Debian's Chromium (never a downloaded browser) with fake camera/microphone
// against a real vcourt server started for the run. scripts/e2e.sh runs all of it inside a
// loopback-only network namespace.
import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const E2E_PORT = Number(process.env.VCOURT_E2E_PORT ?? 18480);
export const E2E_ADMIN_PASSWORD = 'e2e-admin-password';
// Created once by the runner and inherited by its workers, so specs can read what the server wrote.
const dataDir = (process.env.VCOURT_E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'vcourt-e2e-')));
export const E2E_DATA_DIR = dataDir;

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  // Without it Chromium never offers loopback ICE candidates and ICE silently never starts.
  '--allow-loopback-in-peer-connection',
  '--autoplay-policy=no-user-gesture-required',
];

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 120_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: 'list',
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    browserName: 'chromium',
    launchOptions: { executablePath: process.env.VCOURT_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
    permissions: ['camera', 'microphone'],
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: 'npx tsx server/main.ts',
    url: `http://127.0.0.1:${E2E_PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    env: {
      VCOURT_HOST: '127.0.0.1',
      VCOURT_PORT: String(E2E_PORT),
      VCOURT_PUBLIC_URL: `http://127.0.0.1:${E2E_PORT}`,
      VCOURT_DATA_DIR: dataDir,
      VCOURT_DEMO: '0',
      VCOURT_ADMIN_PASSWORD: E2E_ADMIN_PASSWORD,
      VCOURT_WORKERS: '1',
      VCOURT_RTC_LISTEN_IP: '127.0.0.1',
      // rtsp-camera.spec.ts registers the camera simulator, which listens on loopback.
      VCOURT_CAMERA_NETWORKS: '127.0.0.1/32',
    },
  },
});
