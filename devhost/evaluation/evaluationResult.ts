import { totalTokens } from '../../shared/llm/tokenUsage';
import type { LoadedScenario } from '../logAnalytics/data/scenarioLoader';
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
  score: ReportScore | null;
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
    passed: run.error === null && score !== null && score.passed,
    score,
    error: run.error,
    elapsedMs: Math.round(run.elapsedMs),
    turns: hypotheses.reduce((sum, h) => sum + h.turns, 0),
    toolCalls: hypotheses.reduce((sum, h) => sum + h.toolCalls, 0),
    tokens: run.report ? totalTokens(run.report.usage) : 0,
    costUsd: run.report?.usage.costUsd ?? 0,
  };
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
  const header = ['scenario', 'plan', 'verdict', 'result', 'time', 'turns', 'tools', 'tokens', 'cost'];
  const rows = results.map((r) => [
    r.scenarioId,
    r.planId ?? '-',
    r.rootCauseCategory ? `${r.rootCauseCategory} (${(r.confidence ?? 0).toFixed(2)})` : r.error ? 'error' : 'undetermined',
    r.passed ? 'PASS' : 'FAIL',
    `${(r.elapsedMs / 1000).toFixed(1)} s`,
    String(r.turns),
    String(r.toolCalls),
    String(r.tokens),
    `$${r.costUsd.toFixed(4)}`,
  ]);
  const numeric = new Set([4, 5, 6, 7, 8]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]): string => cells.map((cell, i) => pad(cell, widths[i]!, numeric.has(i))).join('  ').trimEnd();
  const out = [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  const failures = results.filter((r) => !r.passed);
  if (failures.length > 0) {
    out.push('');
    for (const r of failures) {
      const reasons = r.error ? [r.error] : (r.score?.reasons ?? []);
      out.push(`${r.scenarioId}: ${reasons.join('; ')}`);
    }
  }
  return out.join('\n');
}

export { evaluateRun, summaryLine, formatResultsTable };
export type { EvaluationResult };
