// What `npm start` prints once the server runs: where, with what (mediasoup, the database, TURN),
// the first admin's generated password (shown once; in production it is in a file instead) and the
// demo hearing's links (credentials: in production written to a file, not to the console).
// Part of the composition root: main.ts's main() alone calls it.
import { version as mediasoupVersion, workerBin } from 'mediasoup';
import { maskUrl } from '../../core/lib/redact.js';
import { writeSecretFile } from '../secrets.js';
import { turnUrls } from '../turn/turnCredentials.js';
import type { RunningVcourt } from './RunningVcourt.js';

export function banner(
  vcourt: Pick<RunningVcourt, 'url' | 'pool' | 'config' | 'coturn' | 'generatedAdminPassword' | 'adminPasswordFile' | 'demoLinks'>,
): string {
  const lines = [
    '',
    `vcourt is running: ${vcourt.url}`,
    `  mediasoup ${mediasoupVersion}, ${vcourt.pool.workers.length} worker(s): ${workerBin}`,
    `  database: ${vcourt.config.databaseUrl ? maskUrl(vcourt.config.databaseUrl) : vcourt.config.databaseFile}`,
  ];
  const { turn } = vcourt.config;
  if (turn.mode !== 'off') {
    const how = vcourt.coturn ? `embedded coturn (pid ${vcourt.coturn.pid}, answering after ${vcourt.coturn.lastStartMs} ms)` : 'external';
    lines.push(`  TURN: ${how}, ${turnUrls(turn).join(' ')}`);
  }
  if (vcourt.generatedAdminPassword) {
    lines.push(`  clerk/admin API account created: admin / ${vcourt.generatedAdminPassword}  (shown once)`);
  }
  if (vcourt.adminPasswordFile) {
    lines.push(`  admin account created; its generated password is in ${vcourt.adminPasswordFile} (this user only)`);
  }
  if (vcourt.demoLinks.length > 0) {
    const demo = ['Demo hearing, one link per participant (a new start issues new links):'];
    for (const link of vcourt.demoLinks) {
      demo.push(`  ${link.role.padEnd(10)} ${link.displayName}`, `             ${link.url}`);
      if (link.signIn) demo.push(`             sign in as ${link.signIn.username} / ${link.signIn.password}`);
    }
    // Join links are credentials: in production they go to a file, not to the console.
    if (vcourt.config.production) {
      lines.push(`  demo hearing links: ${writeSecretFile(vcourt.config.dataDir, 'demo-links.txt', demo.join('\n') + '\n')}`);
    } else lines.push('', ...demo);
  }
  return lines.join('\n') + '\n';
}
