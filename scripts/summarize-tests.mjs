// Sums the vitest and Playwright JSON reports of the stages that ran into one closing line:
// "tests: N passed, N failed". A stage that ran but left no report counts as a failure.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, ...stages] = process.argv.slice(2);
const reports = { fast: 'unit.json', integration: 'integration.json', e2e: 'e2e.json' };
let passed = 0;
let failed = 0;
let skipped = 0;
for (const stage of stages.length > 0 ? stages : Object.keys(reports)) {
  const file = join(dir, reports[stage]);
  if (!existsSync(file)) {
    console.log(`${reports[stage]}: no report (the ${stage} stage did not finish)`);
    failed++;
    continue;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  if (stage === 'e2e') {
    passed += r.stats.expected + r.stats.flaky;
    failed += r.stats.unexpected;
    skipped += r.stats.skipped;
  } else {
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  }
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
