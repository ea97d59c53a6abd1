#!/usr/bin/env node
// `npm run bench:smoke`: every bench at its tiny BENCH_SMOKE size, one after another, so CI
// notices a bench that no longer runs. Figures are printed but mean nothing at this size.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const benchDir = new URL('../dist/bench', import.meta.url).pathname;
const benches = readdirSync(benchDir).filter((name) => name.endsWith('.bench.js')).sort();
const failed = [];
for (const bench of benches) {
  const started = performance.now();
  process.stdout.write(`== ${bench} (BENCH_SMOKE=1)\n`);
  const result = spawnSync(process.execPath, [join(benchDir, bench)], { stdio: 'inherit', env: { ...process.env, BENCH_SMOKE: '1' } });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) failed.push(bench);
  process.stdout.write(`== ${bench}: ${result.status === 0 ? 'ran' : `FAILED (exit ${result.status ?? result.signal})`} in ${seconds} s\n\n`);
}
process.stdout.write(`bench smoke: ${benches.length - failed.length} of ${benches.length} ran${failed.length ? `; failed: ${failed.join(', ')}` : ''}\n`);
process.exit(failed.length ? 1 : 0);
