// Sums the vitest and Playwright JSON reports of the stages that ran into one closing line:
// "tests: N passed, N failed". A stage that ran but left no report counts as a failure.
// Failed tests are named above that line with the start of their error: CI keeps only the tail.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, ...stages] = process.argv.slice(2);
const reports = { fast: 'unit.json', integration: 'integration.json', e2e: 'e2e.json' };
let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
const firstLines = (text) =>
  String(text ?? '')
    .replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '') // colour codes
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(0, 6)
    .map((l) => `      ${l.slice(0, 300)}`)
    .join('\n');
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
    const walk = (suite, path) => {
      for (const spec of suite.specs ?? []) {
        for (const t of spec.tests ?? []) {
          if (t.status !== 'unexpected') continue;
          const last = t.results?.at(-1);
          failures.push(`  ${spec.file}: ${[...path, spec.title].join(' › ')}\n${firstLines(last?.error?.message)}`);
        }
      }
      for (const child of suite.suites ?? []) walk(child, suite.title ? [...path, suite.title] : path);
    };
    for (const suite of r.suites ?? []) walk(suite, []);
  } else {
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += r.numPendingTests + (r.numTodoTests ?? 0);
    for (const file of r.testResults ?? []) {
      const name = file.name.replace(process.cwd() + '/', '');
      if (file.status === 'failed' && (file.assertionResults ?? []).every((a) => a.status !== 'failed')) {
        failures.push(`  ${name}: the file failed to run\n${firstLines(file.message)}`);
      }
      for (const a of file.assertionResults ?? []) {
        if (a.status === 'failed') failures.push(`  ${name}: ${a.fullName}\n${firstLines(a.failureMessages?.join('\n'))}`);
      }
    }
  }
}
if (failures.length > 0) console.log(`failed:\n${failures.join('\n')}`);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
