// `npm run doctor [-- --json]`: each real part vcourt uses, where it came from, and whether it works.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { maskUrl } from '../core/lib/redact.js';
import { loadConfig, type Config } from '../server/config.js';
import { stunAnswers } from '../server/turn/stunProbe.js';

interface Part {
  part: string;
  ok: boolean;
  version?: string;
  path?: string;
  source?: string;
  note?: string;
}

const which = (cmd: string): string | undefined => {
  try {
    return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
};
const firstLine = (cmd: string, args: string[]): string | undefined => {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\n')[0]
      ?.trim();
  } catch {
    return undefined;
  }
};
const dpkgVersion = (pkg: string) => firstLine('dpkg-query', ['-W', '-f', '${Version}', pkg]);

async function mediasoupPart(): Promise<Part> {
  const mediasoup = await import('mediasoup');
  const version = mediasoup.version;
  const path = mediasoup.workerBin;
  const origin = `${path}.origin`;
  const source = process.env.MEDIASOUP_WORKER_BIN
    ? 'MEDIASOUP_WORKER_BIN'
    : existsSync(origin)
      ? readFileSync(origin, 'utf8').trim()
      : 'mediasoup postinstall';
  if (!existsSync(path)) return { part: 'mediasoup', ok: false, version, path, note: 'worker binary missing: run npm run setup' };
  try {
    const worker = await mediasoup.createWorker({ logLevel: 'error' });
    worker.close();
    return { part: 'mediasoup', ok: true, version, path, source, note: `${(statSync(path).size / 1e6).toFixed(1)} MB, starts` };
  } catch (error) {
    return { part: 'mediasoup', ok: false, version, path, source, note: `worker does not start: ${String(error)}` };
  }
}

/** coturn: installed (needed when embedded), and whether the configured TURN answers a STUN Binding. */
async function turnPart(config: Config): Promise<Part> {
  const { turn } = config;
  const path = which('turnserver');
  const installed = {
    path,
    version: path ? firstLine(path, ['--version']) : undefined,
    source: path ? `apt coturn ${dpkgVersion('coturn') ?? ''}`.trim() : undefined,
  };
  if (turn.mode === 'off') {
    return { part: 'turn', ok: true, ...installed, note: `off (VCOURT_TURN); coturn ${path ? 'installed' : 'not installed'}` };
  }
  if (turn.mode === 'embedded' && !path)
    return { part: 'turn', ok: false, ...installed, note: 'embedded, but turnserver is missing: run npm run setup' };
  const host = turn.mode === 'embedded' && turn.listenIp !== '0.0.0.0' ? turn.listenIp : turn.mode === 'embedded' ? '127.0.0.1' : turn.host;
  const answers = await stunAnswers(host, turn.port, 2000);
  const where = `${host}:${turn.port}`;
  if (turn.mode === 'embedded') {
    // The embedded coturn runs only while vcourt does: silence now is not a fault.
    return {
      part: 'turn',
      ok: true,
      ...installed,
      note: `embedded; ${answers ? `answers on ${where}` : `not answering on ${where} (starts with vcourt)`}`,
    };
  }
  return { part: 'turn', ok: answers, ...installed, note: `external ${where}: ${answers ? 'answers' : 'does not answer a STUN Binding'}` };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const ffmpeg = which('ffmpeg');
  const chromium = process.env.VCOURT_CHROMIUM ?? which('chromium');
  const parts: Part[] = [
    { part: 'node', ok: true, version: process.version, path: process.execPath },
    await mediasoupPart(),
    {
      part: 'ffmpeg',
      ok: !!ffmpeg,
      path: ffmpeg,
      version: ffmpeg
        ? firstLine(ffmpeg, ['-version'])
            ?.replace(/^ffmpeg version /, '')
            .split(' ')[0]
        : undefined,
      source: ffmpeg ? `apt ffmpeg ${dpkgVersion('ffmpeg') ?? ''}`.trim() : undefined,
      note: ffmpeg ? undefined : 'missing: run npm run setup',
    },
    {
      part: 'chromium (tests)',
      ok: !!chromium,
      path: chromium,
      version: chromium ? firstLine(chromium, ['--version']) : undefined,
      source: chromium ? `apt chromium ${dpkgVersion('chromium') ?? ''}`.trim() : undefined,
      note: chromium ? undefined : 'missing: only the browser tests need it',
    },
    await turnPart(config),
    config.databaseUrl
      ? { part: 'database', ok: true, path: maskUrl(config.databaseUrl), source: 'PostgreSQL (pg)', note: 'shared; migrated on start' }
      : {
          part: 'database',
          ok: true,
          path: config.databaseFile,
          source: 'SQLite (better-sqlite3)',
          note: existsSync(config.databaseFile) ? 'exists' : 'created on first start',
        },
    {
      part: 'client',
      ok: existsSync(`${config.clientDir}/index.html`),
      path: config.clientDir,
      note: existsSync(`${config.clientDir}/index.html`) ? 'built' : 'not built: npm run build:client',
    },
  ];
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ parts }, null, 2));
  } else {
    for (const p of parts) {
      console.log(
        `${p.ok ? 'ok  ' : 'FAIL'} ${p.part.padEnd(17)} ${[p.version, p.path, p.source && `(${p.source})`, p.note].filter(Boolean).join('  ')}`,
      );
    }
  }
  // Only what the product itself needs to run decides the exit status.
  process.exit(parts.filter((p) => p.part !== 'chromium (tests)').every((p) => p.ok) ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
