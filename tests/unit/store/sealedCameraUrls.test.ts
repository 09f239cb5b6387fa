// Camera URLs at rest: sealed with the server's key, the password never in the database file.
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceRegistry } from '../../../core/hearing/DeviceRegistry.js';
import { SecretBox } from '../../../server/secrets.js';
import { migrate } from '../../../server/store/migrations.js';
import { SqliteStore } from '../../../server/store/SqliteStore.js';
import { must } from '../../support/must.js';

/** The schema version before camera URLs were sealed (migration step 8). */
const BEFORE_SEALING = 7;
const URL_WITH_PASSWORD = 'rtsp://admin:s3cret-pw@192.168.1.10:554/stream1';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'vcourt-seal-'));
  dirs.push(d);
  return d;
};

/** Every byte SQLite keeps for `file`, as text: the password must be in none of them. */
const fileBytes = (file: string) =>
  [file, `${file}-wal`, `${file}-shm`]
    .filter(existsSync)
    .map((f) => readFileSync(f).toString('latin1'))
    .join('');

function oldDatabaseWithCamera(file: string): void {
  const old = new Database(file);
  old.pragma('journal_mode = WAL');
  migrate(old, BEFORE_SEALING);
  old.exec(`INSERT INTO sites (id, name, kind, created_at) VALUES ('s1', 'Phòng 1', 'courtroom', 't');
            INSERT INTO devices (id, site_id, kind, name, rtsp_url, token_id, revoked_at, created_at)
            VALUES ('d1', 's1', 'camera', 'Cam', '${URL_WITH_PASSWORD}', NULL, NULL, 't'),
                   ('d2', 's1', 'display', 'TV', NULL, NULL, NULL, 't');`);
  old.close();
  expect(fileBytes(file)).toContain('s3cret-pw');
}

describe('camera URLs sealed at rest', () => {
  it('the migration seals a stored plain URL, masks the shown one and leaves no plain text in the files', async () => {
    const file = join(tmp(), 'vcourt.sqlite');
    oldDatabaseWithCamera(file);
    const box = SecretBox.withRandomKey();
    const store = new SqliteStore(file, { sealer: box });
    try {
      const cam = must(await store.devices.get('d1'), 'the camera');
      expect(cam.rtspUrl).toBe('rtsp://admin:***@192.168.1.10:554/stream1');
      expect(cam.rtspSealed).toMatch(/^v1\./);
      expect(box.open(cam.rtspSealed!, 'd1')).toBe(URL_WITH_PASSWORD);
      expect(await store.devices.get('d2')).toMatchObject({ rtspUrl: null, rtspSealed: null });
      expect(fileBytes(file)).not.toContain('s3cret-pw');
    } finally {
      await store.close();
    }
    expect(fileBytes(file)).not.toContain('s3cret-pw');
  });

  it('refuses to migrate plain URLs without a key to seal them with', () => {
    const file = join(tmp(), 'vcourt.sqlite');
    oldDatabaseWithCamera(file);
    expect(() => new SqliteStore(file)).toThrow(/no credentials key/);
  });

  it('a camera registered now is stored sealed: the view and the record show the password masked', async () => {
    const file = join(tmp(), 'vcourt.sqlite');
    const box = SecretBox.withRandomKey();
    const store = new SqliteStore(file, { sealer: box });
    try {
      await store.sites.insert({ id: 's1', name: 'Phòng 1', kind: 'courtroom', createdAt: 't' });
      const devices = new DeviceRegistry(store, { now: () => new Date() }, box);
      const cam = await devices.register({ siteId: 's1', kind: 'camera', name: 'Cam', rtspUrl: URL_WITH_PASSWORD });
      expect(cam.rtspUrl).toBe('rtsp://admin:***@192.168.1.10:554/stream1');
      expect((await devices.view(await devices.get(cam.id))).rtspUrl).toBe('rtsp://admin:***@192.168.1.10:554/stream1');
      expect(JSON.stringify(await Promise.all((await devices.list()).map((d) => devices.view(d))))).not.toContain('s3cret-pw');
      const stored = await devices.get(cam.id);
      expect(box.open(stored.rtspSealed!, cam.id)).toBe(URL_WITH_PASSWORD);
      // Bound to its device: copied to another row it does not open.
      expect(() => box.open(stored.rtspSealed!, 'another-device')).toThrow();
      expect(fileBytes(file)).not.toContain('s3cret-pw');
    } finally {
      await store.close();
    }
  });
});
