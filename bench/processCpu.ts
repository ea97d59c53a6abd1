import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times (`getconf CLK_TCK`, 100 on Linux in practice). */
const ticksPerSecond = ((): number => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU seconds (user + system) a process has used so far; `undefined` where /proc is not available. */
function cpuSecondsOf(pid: number): number | undefined {
  try {
    // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

interface CpuShare {
  name: string;
  /** Cores busy on average over the measured span. */
  cores: number;
  /** CPU milliseconds per unit of work (per request, per alert). */
  msPerUnit: number;
}

/**
 * Runs `work` and reports how much CPU each named process used meanwhile, as cores and as CPU
 * time per unit of work (`work` resolves with how many units it did). Empty where /proc is absent.
 */
async function measureCpu<T>(pids: Record<string, number>, work: () => Promise<{ result: T; units: number }>): Promise<{ result: T; shares: CpuShare[] }> {
  const before = Object.entries(pids).map(([name, pid]) => ({ name, pid, cpu: cpuSecondsOf(pid) }));
  const started = performance.now();
  const { result, units } = await work();
  const seconds = (performance.now() - started) / 1000;
  const shares = before.flatMap(({ name, pid, cpu }) => {
    const after = cpuSecondsOf(pid);
    if (cpu === undefined || after === undefined) return [];
    return [{ name, cores: (after - cpu) / seconds, msPerUnit: ((after - cpu) * 1000) / Math.max(1, units) }];
  });
  return { result, shares };
}

/** CPU milliseconds per unit of work, all measured processes together. */
function totalMsPerUnit(shares: CpuShare[]): number {
  return shares.reduce((sum, s) => sum + s.msPerUnit, 0);
}

/** `devhost 1.02 cores (2.7 ms per alert), Azurite 0.70 (1.9 ms), …; 1.89 of 2 cores busy`. */
function describeCpu(shares: CpuShare[], unit: string, cores: number): string {
  if (shares.length === 0) return 'CPU split not measured (no /proc)';
  const parts = shares.map((s, i) => `${s.name} ${s.cores.toFixed(2)}${i === 0 ? ' cores' : ''} (${s.msPerUnit.toFixed(2)} ms${i === 0 ? ` per ${unit}` : ''})`);
  return `CPU: ${parts.join(', ')}; ${shares.reduce((sum, s) => sum + s.cores, 0).toFixed(2)} of ${cores} cores busy`;
}

export { measureCpu, describeCpu, totalMsPerUnit };
export type { CpuShare };
