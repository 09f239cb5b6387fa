// A real PostgreSQL 15 (Debian's packages) for one test file: a throw-away cluster in a temp folder
// on a free loopback port, run as the `postgres` user (the server refuses root) in its own process
// group, with a parent-death signal so that a killed test runner leaves no server behind. Durability
// is off (fsync, synchronous commit): the cluster dies with the test anyway.
import { spawn, type ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const BIN = process.env.VCOURT_PG_BIN || '/usr/lib/postgresql/15/bin';
const run = promisify(execFile);

export interface TestPostgres {
  readonly port: number;
  /** The server's last log lines (for failure messages). */
  readonly output: string;
  /** A fresh, empty database on the server: its connection URL. */
  createDatabase(): Promise<string>;
  /** Ends the server's process group and removes its folder. */
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Root runs the binaries as `postgres` (setpriv keeps the parent-death signal past the switch). */
function asPostgres(command: string, args: string[]): [string, string[]] {
  const pdeath = ['--pdeathsig', 'KILL'];
  if (process.getuid?.() !== 0) return ['setpriv', [...pdeath, command, ...args]];
  return ['setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', ...pdeath, command, ...args]];
}

/** `alsoOn`: one more address it listens on, trusting the clients of `clients` (a CIDR) there. */
export async function startPostgres(
  timeoutMs = 30_000,
  { alsoOn }: { alsoOn?: { address: string; clients: string } } = {},
): Promise<TestPostgres> {
  if (!existsSync(join(BIN, 'postgres')) || !existsSync(join(BIN, 'initdb'))) {
    throw new Error(`PostgreSQL 15 is not installed (no ${BIN}/postgres): run scripts/packages.sh, whose TEST_PACKAGES has postgresql`);
  }
  const root = mkdtempSync(join(tmpdir(), 'vcourt-pg-'));
  const data = join(root, 'data');
  let child: ChildProcess | undefined;
  let output = '';
  try {
    if (process.getuid?.() === 0) {
      const { stdout } = await run('id', ['-u', 'postgres']);
      const { stdout: gid } = await run('id', ['-g', 'postgres']);
      chownSync(root, Number(stdout.trim()), Number(gid.trim()));
    }
    const [initCmd, initArgs] = asPostgres(join(BIN, 'initdb'), [
      '-D',
      data,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
      '--no-instructions',
    ]);
    await run(initCmd, initArgs, { timeout: timeoutMs }).catch((error: Error & { stderr?: string }) => {
      throw new Error(`initdb failed: ${error.message}\n${error.stderr ?? ''}`, { cause: error });
    });
    if (alsoOn) appendFileSync(join(data, 'pg_hba.conf'), `host all all ${alsoOn.clients} trust\n`);
    const port = await freePort();
    const [cmd, args] = asPostgres(join(BIN, 'postgres'), [
      '-D',
      data,
      '-k',
      root,
      '-h',
      ['127.0.0.1', ...(alsoOn ? [alsoOn.address] : [])].join(','),
      '-p',
      String(port),
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=200',
      // Dynamic shared memory as files in the data folder: removed with it even after a SIGKILL.
      '-c',
      'dynamic_shared_memory_type=mmap',
    ]);
    const server = spawn(cmd, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child = server;
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8000));
    server.stdout?.on('data', keep);
    server.stderr?.on('data', keep);
    const exited = new Promise<string>((resolve) => server.once('exit', (code, signal) => resolve(String(code ?? signal))));
    const admin = `postgres://postgres@127.0.0.1:${port}/postgres`;
    await ready(admin, exited, () => output, timeoutMs);

    let next = 0;
    let stopped: Promise<void> | undefined;
    return {
      port,
      get output() {
        return output;
      },
      async createDatabase() {
        const name = `vcourt_test_${++next}`;
        const client = new pg.Client(admin);
        await client.connect();
        try {
          await client.query(`CREATE DATABASE ${name}`);
        } finally {
          await client.end();
        }
        return `postgres://postgres@127.0.0.1:${port}/${name}`;
      },
      stop() {
        stopped ??= (async () => {
          if (server.exitCode === null && server.signalCode === null) {
            // Immediate shutdown (SIGQUIT) frees the server's shared memory; SIGKILL if it dawdles.
            server.kill('SIGQUIT');
            const timer = setTimeout(() => kill(server), 10_000);
            await exited;
            clearTimeout(timer);
            kill(server); // backends still shutting down
          }
          rmSync(root, { recursive: true, force: true });
        })();
        return stopped;
      },
    };
  } catch (error) {
    if (child) kill(child);
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}

function kill(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL'); // the postmaster and its backends, one group
  } catch {
    // already gone
  }
}

/** Connects until the server answers, it exits, or the time is up. */
async function ready(url: string, exited: Promise<string>, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let gone: string | undefined;
  void exited.then((how) => (gone = how));
  for (;;) {
    if (gone !== undefined) throw new Error(`postgres exited (${gone}) before it was ready:\n${output()}`);
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline)
        throw new Error(`postgres did not answer in ${timeoutMs} ms: ${(error as Error).message}\n${output()}`, { cause: error });
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
