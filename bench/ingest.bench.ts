/**
 * Ingest acknowledgement latency and throughput through the real HTTP route on the devhost.
 * Starts its own Azurite and the devhost child process (loopback only), then:
 *  1. paced load: 500 distinct Azure Monitor alerts/s for 5 s, spread over 50 group keys;
 *  2. burst: 2,000 more alerts as fast as 64 connections allow;
 * and verifies that every accepted alert is in the incident index, and how many signals reached
 * the investigations. Targets (2 cores): p99 ≤ 20 ms at 500 req/s, ≥ 1,000 alerts/s.
 * Run: `npm run build && node dist/bench/ingest.bench.js`.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { TableClient } from '@azure/data-tables';
import { startAzurite } from '../devhost/azurite';

const repoRoot = resolve(__dirname, '..', '..');
const RATE = 500;
const SECONDS = 5;
const GROUPS = 50;
const BURST = 2000;
const BURST_CONCURRENCY = 64;
const P99_TARGET_MS = 20;
const THROUGHPUT_TARGET = 1000;

const template = JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', 'events', 'azure-monitor', 'metric.json'), 'utf8')) as { data: { essentials: Record<string, unknown> } };

let sequence = 0;
/** A distinct alert (own alert guid) of one of {@link GROUPS} rules on the same resource. */
function alert(group: number): string {
  const essentials = { ...template.data.essentials };
  const hex = randomBytes(16).toString('hex');
  essentials.alertId = String(essentials.alertId).replace(/[0-9a-f-]{36}$/, `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`);
  essentials.alertRule = `bench-rule-${group}`;
  essentials.alertRuleID = String(essentials.alertRuleID).replace(/[^/]+$/, `bench-rule-${group}`);
  sequence++;
  return JSON.stringify({ ...template, data: { ...template.data, essentials } });
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface Sent {
  latencyMs: number;
  status: number;
  id?: string;
  investigationId?: string;
}

async function send(url: string, body: string): Promise<Sent> {
  const started = performance.now();
  try {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const answer = (await response.json()) as { results?: Array<{ id: string; investigationId: string }> };
    return { latencyMs: performance.now() - started, status: response.status, id: answer.results?.[0]?.id, investigationId: answer.results?.[0]?.investigationId };
  } catch {
    return { latencyMs: performance.now() - started, status: 0 };
  }
}

async function main(): Promise<void> {
  const location = mkdtempSync(join(tmpdir(), 'azurite-bench-'));
  const azurite = await startAzurite({ location });
  const suffix = randomBytes(4).toString('hex');
  const masterKey = randomBytes(16).toString('hex');
  const functionKey = randomBytes(16).toString('hex');
  const incidentsTable = `BenchInc${suffix}`;
  const child = spawn(process.execPath, [join(repoRoot, 'dist', 'devhost', 'cli.js'), '--app', repoRoot, '--port', '0'], {
    env: {
      ...process.env,
      AzureWebJobsStorage: azurite.connectionString,
      TASKHUB_NAME: `bench${suffix}`,
      DEVHOST_MASTER_KEY: masterKey,
      DEVHOST_FUNCTION_KEYS: functionKey,
      DEVHOST_LOG_LEVEL: 'warning',
      INGEST_MAX_CONCURRENT_INVESTIGATIONS: String(GROUPS * 2),
      INGEST_INCIDENTS_TABLE: incidentsTable,
      INGEST_DELIVERIES_TABLE: `BenchDel${suffix}`,
      INGEST_GROUPS_TABLE: `BenchGrp${suffix}`,
      INGEST_QUEUE_TABLE: `BenchQue${suffix}`,
      INGEST_RAW_CONTAINER: `bench-raw-${suffix}`,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const hostUrl = await new Promise<string>((resolveUrl, reject) => {
      const timer = setTimeout(() => reject(new Error('devhost did not start in 30 s')), 30000);
      createInterface({ input: child.stdout! }).on('line', (line) => {
        try {
          const entry = JSON.parse(line) as { message?: string; url?: string };
          if (entry.message === 'devhost ready') {
            clearTimeout(timer);
            resolveUrl(String(entry.url));
          }
        } catch {
          // not a log line
        }
      });
      child.once('exit', (code) => reject(new Error(`devhost exited with ${code}`)));
    });
    const url = `${hostUrl}/api/ingest/azure-monitor?code=${functionKey}`;

    // Warm-up: tables, containers, one investigation per group.
    await Promise.all(Array.from({ length: GROUPS }, (_, g) => send(url, alert(g))));

    // 1. Paced load: RATE/100 requests every 10 ms for SECONDS.
    const paced: Array<Promise<Sent>> = [];
    const pacedStart = performance.now();
    await new Promise<void>((done) => {
      let tick = 0;
      const ticks = SECONDS * 100;
      const timer = setInterval(() => {
        // Catch up when the timer fires late, so the offered rate stays at RATE.
        const due = Math.min(ticks, Math.floor((performance.now() - pacedStart) / 10) + 1);
        for (; tick < due; tick++) for (let i = 0; i < RATE / 100; i++) paced.push(send(url, alert((tick * 7 + i) % GROUPS)));
        if (tick >= ticks) {
          clearInterval(timer);
          done();
        }
      }, 10);
    });
    const pacedResults = await Promise.all(paced);
    const pacedSeconds = (performance.now() - pacedStart) / 1000;

    // 2. Burst: BURST alerts over BURST_CONCURRENCY connections.
    const burstResults: Sent[] = [];
    const burstStart = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: BURST_CONCURRENCY }, async () => {
        while (next < BURST) {
          next++;
          burstResults.push(await send(url, alert(next % GROUPS)));
        }
      }),
    );
    const burstSeconds = (performance.now() - burstStart) / 1000;

    // Verify: every accepted alert is in the index.
    const all = [...pacedResults, ...burstResults];
    const accepted = all.filter((r) => r.status === 202 && r.id);
    const indexed = new Set<string>();
    const table = TableClient.fromConnectionString(azurite.connectionString, incidentsTable, { allowInsecureConnection: true });
    for await (const entity of table.listEntities<{ id: string }>()) indexed.add(entity.id);
    const lost = accepted.filter((r) => !indexed.has(r.id!)).length;
    const investigations = new Set(accepted.map((r) => r.investigationId));

    // Signals reaching the orchestrations (they catch up after the load).
    const expectedSignals = GROUPS + accepted.length;
    let signals = 0;
    const signalDeadline = Date.now() + 60000;
    while (Date.now() < signalDeadline) {
      signals = 0;
      for (const id of investigations) {
        const response = await fetch(`${hostUrl}/runtime/webhooks/durabletask/instances/${id}?code=${masterKey}`);
        signals += ((await response.json()) as { customStatus?: { signals?: number } }).customStatus?.signals ?? 0;
      }
      if (signals >= expectedSignals) break;
      await new Promise((r) => setTimeout(r, 1000));
    }

    const latencies = pacedResults.map((r) => r.latencyMs).sort((a, b) => a - b);
    const burstLatencies = burstResults.map((r) => r.latencyMs).sort((a, b) => a - b);
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    const sustained = burstResults.filter((r) => r.status === 202).length / burstSeconds;
    const pacedRate = pacedResults.length / pacedSeconds;
    const statuses = all.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
    const lines = [
      `ingest bench on ${cpus().length} cores, Node ${process.version}, devhost + Azurite on loopback`,
      `paced: ${pacedResults.length} alerts offered at ${RATE}/s over ${pacedSeconds.toFixed(2)} s (achieved ${pacedRate.toFixed(0)}/s), ${GROUPS} group keys`,
      `  ack latency p50 ${p50.toFixed(1)} ms, p90 ${percentile(latencies, 90).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms`,
      `  p99 target ${P99_TARGET_MS} ms: ratio target/actual ${(P99_TARGET_MS / p99).toFixed(2)} (${p99 <= P99_TARGET_MS ? 'met' : 'MISSED'})`,
      `burst: ${BURST} alerts over ${BURST_CONCURRENCY} connections in ${burstSeconds.toFixed(2)} s: ${sustained.toFixed(0)} alerts/s (p50 ${percentile(burstLatencies, 50).toFixed(1)} ms, p99 ${percentile(burstLatencies, 99).toFixed(1)} ms)`,
      `  throughput target ${THROUGHPUT_TARGET}/s: ratio ${(sustained / THROUGHPUT_TARGET).toFixed(2)} (${sustained >= THROUGHPUT_TARGET ? 'met' : 'MISSED'})`,
      `statuses: ${JSON.stringify(statuses)}; accepted ${accepted.length}; lost (accepted but not indexed) ${lost}; investigations ${investigations.size}`,
      `signals in orchestration status: ${signals} of ${expectedSignals} (incl. ${GROUPS} warm-up) ${signals >= expectedSignals ? '' : '(orchestrations still catching up after 60 s)'}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    if (lost > 0) process.exitCode = 1;
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await azurite.stop();
    rmSync(location, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`ingest bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
