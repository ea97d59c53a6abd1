/**
 * Devhost benchmark: per-activity overhead of the local Durable engine, and a 100-activity
 * fan-out against the same activities run one after another. Starts its own Azurite and a
 * devhost child process on loopback; prints figures and ratios from this one run.
 *
 *   npm run bench:devhost
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAzurite } from '../devhost/azurite';
import { getStatus, startOrchestration, waitForStatus } from '../test/helpers/durableHttp';
import { startDevhostProcess } from '../test/helpers/devhostProcess';
import { benchSize, smokeNote } from './benchSize';

const ACTIVITIES = benchSize(100, 5);
const ACTIVITY_MS = benchSize(50, 10);
const OVERHEAD_TARGET_MS = 5;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function timeOrchestration(host: Awaited<ReturnType<typeof startDevhostProcess>>, name: string, input: unknown): Promise<{ id: string; wallMs: number }> {
  const started = performance.now();
  const { id } = await startOrchestration(host, name, input);
  const status = await waitForStatus(host, id, undefined, 120000);
  if (status.runtimeStatus !== 'Completed') throw new Error(`${name} ended ${status.runtimeStatus}: ${JSON.stringify(status.output)}`);
  return { id, wallMs: performance.now() - started };
}

async function main(): Promise<void> {
  const location = mkdtempSync(join(tmpdir(), 'bench-azurite-'));
  const azurite = await startAzurite({ location });
  process.env.TEST_STORAGE_CONNECTION_STRING = azurite.connectionString;
  const host = await startDevhostProcess({ env: { DEVHOST_LOG_LEVEL: 'debug' } });
  try {
    // Warm up: first invocations load code paths and create tables.
    await timeOrchestration(host, 'sequential', { tag: 'warm', count: benchSize(5, 1) });

    // Per-activity overhead: a chain of no-op activities; each TaskScheduled -> next TaskScheduled
    // gap is one full cycle (episode commit, dispatch, activity, completion, replay).
    const chain = await timeOrchestration(host, 'sequential', { tag: 'chain', count: ACTIVITIES });
    const { body } = await getStatus(host, chain.id, '&showHistory=true');
    const scheduled = body.historyEvents!.filter((e) => e.EventType === 'TaskScheduled').map((e) => Date.parse(String(e.Timestamp)));
    const gaps = scheduled.slice(1).map((t, i) => t - scheduled[i]!);
    const cycle = median(gaps);
    // The host logs each episode's replay and storage-commit time; the host's own share of a cycle
    // is what remains after the storage round trip, which Azurite (or Azure Storage) decides.
    const episodes = host.logs.filter((l) => l.message === 'episode committed' && l.instanceId === chain.id);
    const commit = median(episodes.map((e) => Number(e.commitMs)));
    const replay = median(episodes.map((e) => Number(e.replayMs)));
    const overhead = cycle - commit;

    // Fan-out vs sequential, same activities (each sleeps ACTIVITY_MS).
    const sequential = await timeOrchestration(host, 'sequential', { tag: 'seq', count: ACTIVITIES, delayMs: ACTIVITY_MS });
    const fanOut = await timeOrchestration(host, 'wideFanOut', { tag: 'fan', count: ACTIVITIES, delayMs: ACTIVITY_MS });

    const lines = [
      `devhost benchmark (${ACTIVITIES} activities, Azurite on loopback, ${new Date().toISOString()})`,
      `per-activity cycle (median of ${gaps.length}): ${cycle.toFixed(1)} ms = storage commit ${commit.toFixed(1)} ms (Azurite) + host ${overhead.toFixed(1)} ms (of which replay ${replay.toFixed(1)} ms)`,
      `devhost overhead per activity: ${overhead.toFixed(1)} ms  target <= ${OVERHEAD_TARGET_MS} ms  ratio ${(overhead / OVERHEAD_TARGET_MS).toFixed(2)}`,
      `no-op chain of ${ACTIVITIES}: ${chain.wallMs.toFixed(0)} ms wall (${(chain.wallMs / ACTIVITIES).toFixed(1)} ms per activity end to end)`,
      `sequential ${ACTIVITIES} x ${ACTIVITY_MS} ms: ${sequential.wallMs.toFixed(0)} ms wall`,
      `fan-out    ${ACTIVITIES} x ${ACTIVITY_MS} ms: ${fanOut.wallMs.toFixed(0)} ms wall`,
      `fan-out speed-up: ${(sequential.wallMs / fanOut.wallMs).toFixed(1)}x  (fan-out wall / one activity: ${(fanOut.wallMs / ACTIVITY_MS).toFixed(1)})`,
      ...smokeNote(),
    ];
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    await host.stop();
    await azurite.stop();
    rmSync(location, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
