import { evaluationMetrics, formatResultsTable, metricsLines, summaryLine, type EvaluationResult } from '../../../devhost/evaluation/evaluationResult';
import type { ReportScore } from '../../../devhost/evaluation/scoreReport';

function result(scenarioId: string, passed: boolean, overrides: Partial<EvaluationResult> = {}): EvaluationResult {
  return {
    scenarioId,
    investigationId: `inv-${scenarioId}`,
    planId: 'default',
    engine: 'deterministic',
    rootCauseCategory: passed ? 'bad_deployment' : 'slow_dependency',
    confidence: 0.7,
    passed,
    graded: passed ? 100 : 0,
    score: null,
    grouping: null,
    error: null,
    elapsedMs: 1234,
    turns: 0,
    toolCalls: 3,
    tokens: 0,
    costUsd: 0,
    ...overrides,
  };
}

describe('evaluation output', () => {
  it('ends with the plain pass/fail count line', () => {
    expect(summaryLine([result('01_a', true), result('02_b', false), result('03_c', true)])).toBe('2 passed, 1 failed');
    expect(summaryLine([])).toBe('0 passed, 0 failed');
  });

  it('prints one row per scenario and the reasons of each failure under the table', () => {
    // Prepare
    const results = [result('01_a', true), result('02_b', false, { error: 'no report after 60 s (phase investigating)', rootCauseCategory: null })];

    // Act
    const table = formatResultsTable(results);

    // Assess
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/^scenario\s+plan\s+verdict\s+result\s+grade\s+time\s+turns\s+tools\s+tokens\s+cost$/);
    expect(lines[2]).toMatch(/^01_a\s+default\s+bad_deployment \(0\.70\)\s+PASS\s+100\s+1\.2 s\s+0\s+3\s+0\s+\$0\.0000$/);
    expect(lines[3]).toMatch(/^02_b\s+default\s+error\s+FAIL/);
    expect(lines[lines.length - 1]).toBe('02_b: no report after 60 s (phase investigating)');
  });

  it('fails a scenario whose report passed but whose alerts opened too many investigations, and prints why', () => {
    // Prepare
    const grouping = { alerts: 3, investigations: ['inv-a', 'inv-b'], expected: 1, duplicateWriteBacks: [], passed: false, reasons: ['3 alert(s) opened 2 investigation(s), expected 1'] };
    const results = [result('16_storm', false, { grouping })];

    // Act
    const table = formatResultsTable(results);

    // Assess
    expect(table.split('\n').pop()).toBe('16_storm: 3 alert(s) opened 2 investigation(s), expected 1');
  });

  it('computes the mean graded score, the pass rate and the Brier score of confidence against correctness', () => {
    // Prepare: exact at 0.8, right area at 0.6, an honest undetermined at 0, and one run without a report
    const score = (graded: number, causeCorrect: boolean) => ({ graded, causeCorrect }) as ReportScore;
    const results = [
      result('01_a', true, { confidence: 0.8, score: score(100, true) }),
      result('02_b', false, { confidence: 0.6, graded: 35, score: score(35, false) }),
      result('03_c', true, { confidence: 0, rootCauseCategory: 'undetermined', score: score(100, false) }),
      result('04_d', false, { confidence: null, error: 'no report after 60 s', score: null }),
    ];

    // Act
    const metrics = evaluationMetrics(results);

    // Assess: Brier = ((0.8-1)² + (0.6-0)² + (0-0)²) / 3
    expect(metrics).toEqual({ scenarios: 4, meanGradedScore: 58.8, passRate: 0.5, brierScore: 0.1333, calibratedReports: 3 });
    expect(metricsLines(metrics)).toEqual(['Mean graded score: 58.8 / 100', 'Pass rate: 50.0% of 4', 'Brier score: 0.1333 over 3 report(s) (lower is better)']);
  });
});
