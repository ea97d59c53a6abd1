import type { EvaluationResult } from './evaluationResult';
import type { ScenarioRun } from './runScenario';

/** How a scenario's second run (same storage, so it can recall the first) compares with its first. */
interface SecondRunComparison {
  scenarioId: string;
  firstInvestigationId: string | null;
  secondInvestigationId: string | null;
  first: { elapsedMs: number; toolCalls: number; turns: number };
  second: { elapsedMs: number; toolCalls: number; turns: number };
  /** The second report has a "seen before" entry for the first investigation. */
  seenBefore: boolean;
  /** Hypotheses the first report found supported (its confirmed cause). */
  confirmedFirstTime: string[];
  /**
   * The second run put the previously confirmed cause first (deterministic mode: its first
   * hypothesis is one the first run confirmed, and the timeline says it was moved there). `null`
   * when the first run confirmed nothing, or in model mode (the model picks its own order).
   */
  checkedFirst: boolean | null;
}

const figures = (r: EvaluationResult): SecondRunComparison['first'] => ({ elapsedMs: r.elapsedMs, toolCalls: r.toolCalls, turns: r.turns });

/** Compares the two runs of one scenario. */
function compareSecondRun(first: { run: ScenarioRun; result: EvaluationResult }, second: { run: ScenarioRun; result: EvaluationResult }): SecondRunComparison {
  const confirmed = (first.run.report?.hypotheses ?? []).filter((h) => h.verdict === 'supported').map((h) => h.hypothesisId);
  const report = second.run.report;
  const deterministic = report !== null && !report.modelUsed;
  const movedFirst = report?.timeline.some((t) => t.event.startsWith('checked first')) ?? false;
  return {
    scenarioId: first.run.scenarioId,
    firstInvestigationId: first.run.investigationId,
    secondInvestigationId: second.run.investigationId,
    first: figures(first.result),
    second: figures(second.result),
    seenBefore: first.run.investigationId !== null && (report?.seenBefore ?? []).some((s) => s.investigationId === first.run.investigationId),
    confirmedFirstTime: confirmed,
    checkedFirst: confirmed.length === 0 || !deterministic ? null : movedFirst && confirmed.includes(report.hypotheses[0]?.hypothesisId ?? ''),
  };
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const change = (from: number, to: number): string => (from === 0 ? '' : ` (${to >= from ? '+' : ''}${Math.round(((to - from) / from) * 100)}%)`);

/** The lines `--twice` prints: per scenario, the second run against the first. */
function secondRunLines(comparisons: ReadonlyArray<SecondRunComparison>): string[] {
  const lines = ['Second run against the first (same storage):'];
  for (const c of comparisons) {
    const checked = c.checkedFirst === null ? (c.confirmedFirstTime.length === 0 ? 'n/a (nothing confirmed the first time)' : 'n/a (model mode)') : c.checkedFirst ? `yes (${c.confirmedFirstTime.join(', ')})` : `no (confirmed then: ${c.confirmedFirstTime.join(', ')})`;
    lines.push(
      `${c.scenarioId}: time ${seconds(c.first.elapsedMs)} -> ${seconds(c.second.elapsedMs)}${change(c.first.elapsedMs, c.second.elapsedMs)}; ` +
        `tool calls ${c.first.toolCalls} -> ${c.second.toolCalls}${change(c.first.toolCalls, c.second.toolCalls)}; turns ${c.first.turns} -> ${c.second.turns}; ` +
        `seen before: ${c.seenBefore ? `yes (${c.firstInvestigationId})` : 'no'}; previously confirmed cause checked first: ${checked}`,
    );
  }
  return lines;
}

export { compareSecondRun, secondRunLines };
export type { SecondRunComparison };
