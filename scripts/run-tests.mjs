#!/usr/bin/env node
// Runs Jest and ends with the plain line CI reads: "N passed, N failed[, N skipped]".
// Jest's own summary is printed too, for people; the last line is for machines.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { ensureChromium } from './ensure-chromium.mjs';

const require = createRequire(import.meta.url);

// No focused or skipped tests: they would make a green run claim more than it checked.
const forbidden = /\b(?:describe|it|test)\.(?:only|skip)\(|\b(?:xit|xdescribe|xtest|fit|fdescribe)\(/;
const offenders = [];
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (entry.name.endsWith('.ts')) {
      readFileSync(path, 'utf8').split('\n').forEach((line, index) => {
        if (forbidden.test(line)) offenders.push(`${path}:${index + 1}: ${line.trim()}`);
      });
    }
  }
};
walk(new URL('../test', import.meta.url).pathname);
if (offenders.length > 0) {
  console.error(`focused or skipped tests are not allowed:\n${offenders.join('\n')}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
try {
  ensureChromium();
} catch (error) {
  console.error(error.message);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const jestBin = require.resolve('jest/bin/jest');
const dir = mkdtempSync(join(tmpdir(), 'jest-summary-'));
const outputFile = join(dir, 'results.json');
const result = spawnSync(process.execPath, [jestBin, '--json', `--outputFile=${outputFile}`, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
let summary;
try {
  const report = JSON.parse(readFileSync(outputFile, 'utf8'));
  const skipped = report.numPendingTests + report.numTodoTests;
  // A suite that fails to load has no tests counted as failed; count it so it cannot hide.
  const brokenSuites = report.testResults.filter((r) => r.status === 'failed' && r.assertionResults.length === 0).length;
  summary = `${report.numPassedTests} passed, ${report.numFailedTests + brokenSuites} failed` + (skipped ? `, ${skipped} skipped` : '');
} catch (error) {
  summary = `0 passed, 1 failed`;
  console.error(`could not read Jest results: ${error.message}`);
}
rmSync(dir, { recursive: true, force: true });
console.log(summary);
process.exit(result.status ?? 1);
