// The server's recorder ffmpeg processes of a hearing, found by their command line (the server runs
// in its own process; the e2e shares its pid namespace).
import { readdirSync, readFileSync } from 'node:fs';

export function recorderPids(hearingId: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    if (cmdline.includes('-segment_list') && cmdline.includes(`/recordings/${hearingId}/tracks/`)) pids.push(Number(entry));
  }
  return pids;
}
