/**
 * Ingest acknowledgement latency and throughput through the real HTTP route on the devhost.
 * Starts its own Azurite and the devhost child process (loopback only), opens one investigation
 * per group key and waits until each monitors its group, then:
 *  0. floor: the same route and body refused with 415 before any storage work, paced and burst,
 *     so the figures below can be read against what the host and client alone cost here;
 *  1. paced load: 500 distinct Azure Monitor alerts/s for 5 s, spread over 50 group keys;
 *  2. burst: 2,000 more alerts as fast as 64 connections allow;
 * and verifies that every accepted alert is in the incident index with its body in the archive,
 * and that every signal reached its investigation. Targets (2 cores): p99 ≤ 20 ms at 500 req/s,
 * ≥ 1,000 alerts/s.
 * Run: `npm run build && node dist/bench/ingest.bench.js` (`BENCH_PROFILE_DIR=<dir>` to profile the devhost).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Agent, request as httpRequest } from 'node:http';
import { createInterface } from 'node:readline';
import { TableClient } from '@azure/data-tables';
import { BlobServiceClient } from '@azure/storage-blob';
import { startAzurite } from '../devhost/azurite';
import { ArchivedBodySchema } from '../shared/ingestion';
import { benchSize, smokeNote } from './benchSize';
import { describeCpu, measureCpu, totalMsPerUnit } from './processCpu';

const repoRoot = resolve(__dirname, '..', '..');
/** Alerts a second of the paced phase; a multiple of 100 (the pacer sends RATE/100 every 10 ms). */
const RATE = benchSize(500, 100);
const SECONDS = benchSize(5, 1);
const GROUPS = benchSize(50, 3);
const BURST = benchSize(2000, 50);
const BURST_CONCURRENCY = benchSize(64, 8);
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
  rawPayloadRef?: string;
}

/** Keep-alive connections, as Azure Monitor and PagerDuty reuse theirs; node:http costs the client less CPU than fetch on a shared 2-core machine. */
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

function send(url: string, body: string, contentType = 'application/json'): Promise<Sent> {
  const started = performance.now();
  const target = new URL(url);
  return new Promise((resolveSent) => {
    const request = httpRequest(
      { agent, host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: 'POST', headers: { 'content-type': contentType, 'content-length': Buffer.byteLength(body) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const sent: Sent = { latencyMs: performance.now() - started, status: response.statusCode ?? 0 };
          try {
            const answer = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { rawPayloadRef?: string; results?: Array<{ id: string; investigationId: string }> };
            Object.assign(sent, { id: answer.results?.[0]?.id, investigationId: answer.results?.[0]?.investigationId, rawPayloadRef: answer.rawPayloadRef });
          } catch {
            // not JSON: counted by its status
          }
          resolveSent(sent);
        });
      },
    );
    request.on('error', () => resolveSent({ latencyMs: performance.now() - started, status: 0 }));
    request.end(body);
  });
}

/** Offers RATE requests a second for SECONDS (RATE/100 every 10 ms, catching up when a tick is late). */
async function pacedLoad(request: (n: number) => Promise<Sent>): Promise<{ results: Sent[]; seconds: number }> {
  const sent: Array<Promise<Sent>> = [];
  const started = performance.now();
  await new Promise<void>((done) => {
    let tick = 0;
    const ticks = SECONDS * 100;
    const timer = setInterval(() => {
      const due = Math.min(ticks, Math.floor((performance.now() - started) / 10) + 1);
      for (; tick < due; tick++) for (let i = 0; i < RATE / 100; i++) sent.push(request(tick * 7 + i));
      if (tick >= ticks) {
        clearInterval(timer);
        done();
      }
    }, 10);
  });
  const results = await Promise.all(sent);
  return { results, seconds: (performance.now() - started) / 1000 };
}

/** Sends `count` requests over BURST_CONCURRENCY connections, each sending as soon as its last one is answered. */
async function burstLoad(count: number, request: (n: number) => Promise<Sent>): Promise<{ results: Sent[]; seconds: number }> {
  const results: Sent[] = [];
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: BURST_CONCURRENCY }, async () => {
      while (next < count) results.push(await request(next++));
    }),
  );
  return { results, seconds: (performance.now() - started) / 1000 };
}

function describeLatency(results: Sent[]): string {
  const sorted = results.map((r) => r.latencyMs).sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(1)} ms, p90 ${percentile(sorted, 90).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`;
}

async function phaseOf(hostUrl: string, masterKey: string, instanceId: string): Promise<string | undefined> {
  const response = await fetch(`${hostUrl}/runtime/webhooks/durabletask/instances/${instanceId}?code=${masterKey}`);
  return ((await response.json()) as { customStatus?: { phase?: string } }).customStatus?.phase;
}

async function main(): Promise<void> {
  const location = mkdtempSync(join(tmpdir(), 'azurite-bench-'));
  const azurite = await startAzurite({ location });
  const suffix = randomBytes(4).toString('hex');
  const masterKey = randomBytes(16).toString('hex');
  const functionKey = randomBytes(16).toString('hex');
  const incidentsTable = `BenchInc${suffix}`;
  const rawContainer = `bench-raw-${suffix}`;
  // BENCH_PROFILE_DIR=<dir> writes a V8 CPU profile of the devhost there (open it in Chrome DevTools).
  const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...profile, join(repoRoot, 'dist', 'devhost', 'cli.js'), '--app', repoRoot, '--port', '0'], {
    env: {
      ...process.env,
      AzureWebJobsStorage: azurite.connectionString,
      TASKHUB_NAME: `bench${suffix}`,
      DEVHOST_MASTER_KEY: masterKey,
      DEVHOST_FUNCTION_KEYS: functionKey,
      // The floor's refusals are audit warnings; printing them would load this process, not measure the host.
      DEVHOST_LOG_LEVEL: 'error',
      INGEST_MAX_CONCURRENT_INVESTIGATIONS: String(GROUPS * 2),
      INGEST_INCIDENTS_TABLE: incidentsTable,
      INGEST_DELIVERIES_TABLE: `BenchDel${suffix}`,
      INGEST_GROUPS_TABLE: `BenchGrp${suffix}`,
      INGEST_QUEUE_TABLE: `BenchQue${suffix}`,
      INGEST_RAW_CONTAINER: rawContainer,
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

    // Warm-up: tables, containers, one investigation per group. The load starts once every
    // investigation has written its report and only monitors its group, so the figures are those
    // of ingestion joining a storm to running investigations, not of the investigations' own work.
    const warmUp = await Promise.all(Array.from({ length: GROUPS }, (_, g) => send(url, alert(g))));
    const warmIds = [...new Set(warmUp.map((r) => r.investigationId).filter((id): id is string => id !== undefined))];
    const monitoringDeadline = Date.now() + 180000;
    for (const id of warmIds) {
      while ((await phaseOf(hostUrl, masterKey, id)) !== 'monitoring') {
        if (Date.now() > monitoringDeadline) throw new Error(`investigation ${id} did not reach its monitoring phase in 180 s`);
        await new Promise((r) => setTimeout(r, 500));
      }
    }

    // 0. Floor: the same route and body refused with 415 before any storage work, which is what
    // the devhost, the function runtime and this client cost on the same cores.
    // CPU of each process during the bursts: the three share the machine's cores.
    const pids = { devhost: child.pid!, Azurite: azurite.process.pid!, 'this client': process.pid };
    const burstWithCpu = (request: (n: number) => Promise<Sent>): ReturnType<typeof measureCpu<Awaited<ReturnType<typeof burstLoad>>>> =>
      measureCpu(pids, async () => ({ result: await burstLoad(BURST, request), units: BURST }));
    const floorPaced = await pacedLoad(() => send(url, alert(0), 'text/plain'));
    const { result: floorBurst, shares: floorCpu } = await burstWithCpu(() => send(url, alert(0), 'text/plain'));

    // 1. Paced load, then 2. burst, of distinct alerts joining the running investigations.
    const paced = await pacedLoad((n) => send(url, alert(n % GROUPS)));
    const { result: burst, shares: burstCpu } = await burstWithCpu((n) => send(url, alert(n % GROUPS)));
    const pacedResults = paced.results;
    const burstResults = burst.results;

    // Verify: every accepted alert is in the index.
    const all = [...pacedResults, ...burstResults];
    const accepted = all.filter((r) => r.status === 202 && r.id);
    const indexed = new Set<string>();
    const table = TableClient.fromConnectionString(azurite.connectionString, incidentsTable, { allowInsecureConnection: true });
    for await (const entity of table.listEntities<{ id?: string }>()) if (entity.id) indexed.add(entity.id);
    const archived = new Set<string>();
    const container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(rawContainer);
    for await (const blob of container.listBlobsFlat()) {
      const segment = (await container.getBlockBlobClient(blob.name).downloadToBuffer()).toString('utf8');
      for (const line of segment.split('\n').filter(Boolean)) archived.add(ArchivedBodySchema.parse(JSON.parse(line)).ref);
    }
    const lost = accepted.filter((r) => !indexed.has(r.id!)).length;
    const unarchived = accepted.filter((r) => !r.rawPayloadRef || !archived.has(r.rawPayloadRef)).length;
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

    const p99 = percentile(pacedResults.map((r) => r.latencyMs).sort((a, b) => a - b), 99);
    const sustained = burstResults.filter((r) => r.status === 202).length / burst.seconds;
    const floorRate = floorBurst.results.length / floorBurst.seconds;
    const statuses = all.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
    const lines = [
      `ingest bench on ${cpus().length} cores, Node ${process.version}, devhost + Azurite + this client on loopback`,
      `floor (same route answering 415 before any storage): ${RATE}/s paced ${describeLatency(floorPaced.results)}; burst ${floorRate.toFixed(0)} requests/s`,
      `  ${describeCpu(floorCpu, 'request', cpus().length)}`,
      `paced: ${pacedResults.length} alerts offered at ${RATE}/s over ${paced.seconds.toFixed(2)} s (achieved ${(pacedResults.length / paced.seconds).toFixed(0)}/s), ${GROUPS} group keys`,
      `  ack latency ${describeLatency(pacedResults)}`,
      `  p99 target ${P99_TARGET_MS} ms: ratio target/actual ${(P99_TARGET_MS / p99).toFixed(2)} (${p99 <= P99_TARGET_MS ? 'met' : 'MISSED'})`,
      `burst: ${BURST} alerts over ${BURST_CONCURRENCY} connections in ${burst.seconds.toFixed(2)} s: ${sustained.toFixed(0)} alerts/s (${describeLatency(burstResults)})`,
      `  ${describeCpu(burstCpu, 'alert', cpus().length)}`,
      `  throughput target ${THROUGHPUT_TARGET}/s: ratio ${(sustained / THROUGHPUT_TARGET).toFixed(2)} (${sustained >= THROUGHPUT_TARGET ? 'met' : 'MISSED'}); share of the floor's rate ${(sustained / floorRate).toFixed(2)}`,
      ...(burstCpu.length > 0
        ? [
            `  CPU budget at ${THROUGHPUT_TARGET}/s on ${cpus().length} cores: ${((cpus().length * 1000) / THROUGHPUT_TARGET).toFixed(2)} ms per alert for all three processes; ` +
              `used ${totalMsPerUnit(burstCpu).toFixed(2)} ms per alert, and ${totalMsPerUnit(floorCpu).toFixed(2)} ms per refused request in the floor`,
          ]
        : []),
      `statuses: ${JSON.stringify(statuses)}; accepted ${accepted.length}; lost: ${lost} not indexed, ${unarchived} without an archived body; investigations ${investigations.size}`,
      `signals in orchestration status: ${signals} of ${expectedSignals} (incl. ${GROUPS} warm-up) ${signals >= expectedSignals ? '' : '(orchestrations still catching up after 60 s)'}`,
      ...smokeNote(),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    if (lost > 0 || unarchived > 0) process.exitCode = 1;
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
