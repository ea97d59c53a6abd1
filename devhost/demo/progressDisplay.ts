import type { InvestigationProgress } from '../evaluation/runScenario';

/** Where the display writes: a TTY is redrawn in place, anything else gets one line per change. */
interface DisplayOutput {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** Live progress of several investigations. */
interface ProgressDisplay {
  update(scenarioId: string, progress: InvestigationProgress): void;
  /** Marks a scenario finished (or failed) and draws the final state. */
  finish(scenarioId: string, outcome: string): void;
  stop(): void;
}

/** One line for a scenario: phase, then each hypothesis as `id: verdict` or its live progress. */
function progressLine(scenarioId: string, progress: InvestigationProgress | undefined, outcome?: string): string {
  if (!progress) return `${scenarioId.padEnd(30)} ${outcome ?? 'alert sent'}`;
  const hypotheses = progress.hypotheses.map((h) => {
    if (h.verdict) return `${h.id}: ${h.verdict}`;
    const work = h.turns > 0 ? `${h.turns} turn(s), ${h.toolCalls} tool call(s)` : `${h.toolCalls} check(s)`;
    return `${h.id}: ${h.phase ?? 'waiting'} (${work})`;
  });
  const phase = outcome ?? progress.phase ?? 'starting';
  return `${scenarioId.padEnd(30)} ${phase.padEnd(13)} ${progress.planId ?? ''}${hypotheses.length ? ' | ' + hypotheses.join(' | ') : ''}`;
}

/**
 * A progress display for the given scenarios. On a TTY the block of lines is redrawn in place
 * (cursor up, clear line) at most every 100 ms; otherwise a plain line is printed whenever a
 * scenario's line changes, so logs and CI output stay readable.
 */
function createProgressDisplay(scenarioIds: ReadonlyArray<string>, out: DisplayOutput): ProgressDisplay {
  const latest = new Map<string, InvestigationProgress>();
  const outcomes = new Map<string, string>();
  const printed = new Map<string, string>();
  const tty = Boolean(out.isTTY);
  const width = (): number => ((out as { columns?: number }).columns ?? 160) - 1;
  let drawnLines = 0;
  let timer: NodeJS.Timeout | undefined;

  const lines = (): string[] => scenarioIds.map((id) => progressLine(id, latest.get(id), outcomes.get(id)));
  const redraw = (): void => {
    timer = undefined;
    const block = lines().map((line) => (line.length > width() ? line.slice(0, width() - 1) + '…' : line));
    const up = drawnLines > 0 ? `\x1b[${drawnLines}A` : '';
    out.write(up + block.map((line) => `\x1b[2K${line}\n`).join(''));
    drawnLines = block.length;
  };
  const changed = (scenarioId: string): void => {
    if (tty) {
      timer ??= setTimeout(redraw, 100);
      return;
    }
    const line = progressLine(scenarioId, latest.get(scenarioId), outcomes.get(scenarioId));
    if (printed.get(scenarioId) !== line) {
      printed.set(scenarioId, line);
      out.write(line + '\n');
    }
  };
  return {
    update(scenarioId, progress) {
      latest.set(scenarioId, progress);
      changed(scenarioId);
    },
    finish(scenarioId, outcome) {
      outcomes.set(scenarioId, outcome);
      changed(scenarioId);
    },
    stop() {
      if (timer) clearTimeout(timer);
      if (tty) redraw();
    },
  };
}

export { createProgressDisplay, progressLine };
export type { ProgressDisplay, DisplayOutput };
