/**
 * Speed of the local KQL evaluator on the emulator's typical query: filter, then count by 5m
 * bins, over 100k generated request rows. Prints the median latency and rows per second.
 * Run: `npm run build && node dist/bench/kql.bench.js`.
 */
import { executeKql, type KqlTable } from '../devhost/logAnalytics/kql';
import { benchSize, smokeNote } from './benchSize';

const ROWS = benchSize(100_000, 1_000);
const RUNS = benchSize(15, 3);
const QUERY = 'T | where Timestamp > ago(1h) and ResultCode == "500" | summarize count() by bin(Timestamp, 5m)';

function generate(now: Date): KqlTable {
  const codes = ['200', '200', '200', '404', '500'];
  const rows: unknown[][] = [];
  // Deterministic spread over the last two hours, so about half the rows pass the time filter.
  for (let i = 0; i < ROWS; i++) {
    const at = new Date(now.getTime() - ((i * 7919) % 7_200_000));
    rows.push([at.toISOString(), codes[i % codes.length], (i * 37) % 2000, `op-${i % 50}`]);
  }
  return {
    name: 'T',
    columns: [
      { name: 'Timestamp', type: 'datetime' },
      { name: 'ResultCode', type: 'string' },
      { name: 'DurationMs', type: 'real' },
      { name: 'Operation', type: 'string' },
    ],
    rows,
  };
}

function main(): void {
  const now = new Date('2024-05-01T12:00:00Z');
  const database = { tables: new Map([['T', generate(now)]]) };
  // The first run loads the parser (about 1.3 s) and converts the table; report it separately.
  const coldStart = performance.now();
  const first = executeKql(QUERY, database, { now });
  const cold = performance.now() - coldStart;
  const timings: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    executeKql(QUERY, database, { now });
    timings.push(performance.now() - start);
  }
  timings.sort((a, b) => a - b);
  const median = timings[Math.floor(timings.length / 2)]!;
  console.log(`kql bench: ${ROWS} rows, query: ${QUERY}`);
  console.log(`result rows: ${first.tables[0]!.rows.length}; first run (parser load + table conversion): ${cold.toFixed(0)} ms`);
  console.log(`median latency: ${median.toFixed(1)} ms over ${RUNS} runs; ${Math.round(ROWS / (median / 1000)).toLocaleString('en-US')} rows/s`);
  console.log(`target ratio (median / 1000 ms budget): ${(median / 1000).toFixed(3)}`);
  for (const line of smokeNote()) console.log(line);
}

main();
