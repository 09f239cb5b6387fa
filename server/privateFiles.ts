// vcourt's files are the court's: the database (camera credentials, accounts, the audit log), the
// secrets and the recordings are readable by the server's own user only. From the start on, the
// process umask is 077 (directories 0700, files 0600, for ffmpeg's recordings too); a data folder
// left by an older version, or copied in from a backup, is brought to the same modes at start.
import { chmodSync, existsSync, lstatSync, mkdirSync } from 'node:fs';
import { chmod, lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Group and other bits: none of them on anything vcourt keeps. */
const OTHERS = 0o077;

/** New files and directories of this process (and of every ffmpeg it spawns) are the owner's alone. */
export function privateUmask(): void {
  try {
    process.umask(OTHERS);
  } catch {
    // a worker thread may not set it (tests): the explicit modes below still apply
  }
}

/** Strips group and other bits from one path; returns whether it changed anything. */
function tighten(path: string): boolean {
  let mode: number;
  try {
    const st = lstatSync(path);
    if (st.isSymbolicLink()) return false;
    mode = st.mode & 0o7777;
  } catch {
    return false; // not there (yet)
  }
  if ((mode & OTHERS) === 0) return false;
  try {
    chmodSync(path, mode & ~OTHERS);
    return true;
  } catch (e) {
    // Not ours to change (a folder provided by the system): say so, and start anyway.
    console.warn(`[vcourt] cannot make ${path} readable by this user only: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    return false;
  }
}

/**
 * The data folder 0700 (created so if missing) and what the server opens first owner-only: the
 * database with its -wal and -shm, and the secrets. Done before the database is opened, so the
 * files SQLite creates beside it take its mode.
 */
export function securePaths(dataDir: string, files: readonly string[]): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  tighten(dataDir);
  for (const file of files) for (const path of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) tighten(path);
  const secrets = join(dataDir, 'secrets');
  if (existsSync(secrets)) tighten(secrets);
}

/**
 * Every file and folder under `dir` owner-only (record bundles stay read-only: 0444 becomes 0400).
 * Symbolic links are neither followed nor changed. Resolves with how many paths were changed.
 */
export async function tightenTree(dir: string): Promise<number> {
  let changed = 0;
  const walk = async (path: string): Promise<void> => {
    let st;
    try {
      st = await lstat(path);
    } catch {
      return; // removed meanwhile (a record deleted by retention, a segment moved)
    }
    if (st.isSymbolicLink()) return;
    const mode = st.mode & 0o7777;
    if (mode & OTHERS) {
      await chmod(path, mode & ~OTHERS).then(
        () => changed++,
        () => undefined,
      );
    }
    if (!st.isDirectory()) return;
    const names = await readdir(path).catch(() => [] as string[]);
    for (const name of names) await walk(join(path, name));
  };
  await walk(dir);
  return changed;
}
