import { totalTokens } from '../../shared/llm/tokenUsage';
import type { LoadedScenario } from '../logAnalytics/data/scenarioLoader';
import type { GroupingOutcome } from './alertGrouping';
import type { ScenarioRun } from './runScenario';
import { scoreReport, type ReportScore } from './scoreReport';

/** One scenario's line of the evaluation: what ran, what it concluded, whether that was right, what it cost. */
interface EvaluationResult {
  scenarioId: string;
  investigationId: string | null;
  planId: string | null;
  engine: string | null;
  /** The report's root cause category (`null`: undetermined or no report). */
  rootCauseCategory: string | null;
  confidence: number | null;
  passed: boolean;
  /** Graded score (100 exact / 65 one hop short / 35 right area / 0 wrong or no report). */
  graded: number;
  score: ReportScore | null;
  /** How the scenario's alerts were grouped into investigations (ingest route); must match the answer's `investigations`. */
  grouping: GroupingOutcome | null;
  error: string | null;
  elapsedMs: number;
  turns: number;
  toolCalls: number;
  tokens: number;
  costUsd: number;
}

/** Scores a scenario run; a run without a report fails with its error as the reason. */
function evaluateRun(run: ScenarioRun, scenario: LoadedScenario): EvaluationResult {
  const score = run.report ? scoreReport(run.report, scenario.answer) : null;
  const hypotheses = run.progress?.hypotheses ?? [];
  return {
    scenarioId: run.scenarioId,
    investigationId: run.investigationId,
    planId: run.report?.planId ?? run.progress?.planId ?? null,
    engine: run.progress?.engine ?? (run.report ? (run.report.modelUsed ? 'model' : 'deterministic') : null),
    rootCauseCategory: run.report?.rootCauseCategory ?? null,
    confidence: run.report?.confidence ?? null,
    passed: run.error === null && score !== null && score.passed && (run.grouping?.passed ?? true),
    graded: run.error === null && score !== null ? score.graded : 0,
    score,
    grouping: run.grouping,
    error: run.error,
    elapsedMs: Math.round(run.elapsedMs),
    turns: hypotheses.reduce((sum, h) => sum + h.turns, 0),
    toolCalls: hypotheses.reduce((sum, h) => sum + h.toolCalls, 0),
    tokens: run.report ? totalTokens(run.report.usage) : 0,
    costUsd: run.report?.usage.costUsd ?? 0,
  };
}

/** What compares two evaluation runs: mean graded score, pass rate and calibration. */
interface EvaluationMetrics {
  scenarios: number;
  /** Mean of the graded scores (0 to 100); a scenario without a report counts 0. */
  meanGradedScore: number;
  /** Share of scenarios that passed (0 to 1). */
  passRate: number;
  /**
   * Brier score of the reports' confidence against correctness: mean of
   * `(confidence - correct)²` where `correct` is 1 when the report named the exact cause. Lower
   * is better (0 perfect; always answering 0.5 scores 0.25). An `undetermined` report claims no
   * cause (confidence 0, correct 0). `null` when no scenario produced a report.
   */
  brierScore: number | null;
  /** Reports the Brier score is over (scenarios that ended with an error have none). */
  calibratedReports: number;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** The run's metrics (see {@link EvaluationMetrics}). */
function evaluationMetrics(results: ReadonlyArray<EvaluationResult>): EvaluationMetrics {
  const n = results.length;
  const scored = results.filter((r) => r.score !== null && r.confidence !== null);
  const brier = scored.reduce((sum, r) => sum + ((r.confidence ?? 0) - (r.score!.causeCorrect ? 1 : 0)) ** 2, 0);
  return {
    scenarios: n,
    meanGradedScore: n === 0 ? 0 : round(results.reduce((sum, r) => sum + r.graded, 0) / n, 1),
    passRate: n === 0 ? 0 : round(results.filter((r) => r.passed).length / n, 4),
    brierScore: scored.length === 0 ? null : round(brier / scored.length, 4),
    calibratedReports: scored.length,
  };
}

/** The metrics as the lines the evaluation prints before its closing line. */
function metricsLines(metrics: EvaluationMetrics): string[] {
  return [
    `Mean graded score: ${metrics.meanGradedScore.toFixed(1)} / 100`,
    `Pass rate: ${(metrics.passRate * 100).toFixed(1)}% of ${metrics.scenarios}`,
    `Brier score: ${metrics.brierScore === null ? 'n/a (no reports)' : metrics.brierScore.toFixed(4)} over ${metrics.calibratedReports} report(s) (lower is better)`,
  ];
}

/** The closing line CI reads. */
function summaryLine(results: ReadonlyArray<EvaluationResult>): string {
  const passed = results.filter((r) => r.passed).length;
  return `${passed} passed, ${results.length - passed} failed`;
}

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

/** The results as a fixed-width table, followed by the reasons of every failure. */
function formatResultsTable(results: ReadonlyArray<EvaluationResult>): string {
  const header = ['scenario', 'plan', 'verdict', 'result', 'grade', 'time', 'turns', 'tools', 'tokens', 'cost'];
  const rows = results.map((r) => [
    r.scenarioId,
    r.planId ?? '-',
    r.rootCauseCategory ? `${r.rootCauseCategory} (${(r.confidence ?? 0).toFixed(2)})` : r.error ? 'error' : 'undetermined',
    r.passed ? 'PASS' : 'FAIL',
    String(r.graded),
    `${(r.elapsedMs / 1000).toFixed(1)} s`,
    String(r.turns),
    String(r.toolCalls),
    String(r.tokens),
    `$${r.costUsd.toFixed(4)}`,
  ]);
  const numeric = new Set([4, 5, 6, 7, 8, 9]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]): string => cells.map((cell, i) => pad(cell, widths[i]!, numeric.has(i))).join('  ').trimEnd();
  const out = [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  const failures = results.filter((r) => !r.passed);
  if (failures.length > 0) {
    out.push('');
    for (const r of failures) {
      const reasons = r.error ? [r.error] : [...(r.score?.reasons ?? []), ...(r.grouping?.reasons ?? [])];
      out.push(`${r.scenarioId}: ${reasons.join('; ')}`);
    }
  }
  return out.join('\n');
}

export { evaluateRun, evaluationMetrics, metricsLines, summaryLine, formatResultsTable };
export type { EvaluationResult, EvaluationMetrics };
