import { formatResultsTable, summaryLine, type EvaluationResult } from '../../../devhost/evaluation/evaluationResult';

function result(scenarioId: string, passed: boolean, overrides: Partial<EvaluationResult> = {}): EvaluationResult {
  return {
    scenarioId,
    investigationId: `inv-${scenarioId}`,
    planId: 'default',
    engine: 'deterministic',
    rootCauseCategory: passed ? 'bad_deployment' : 'slow_dependency',
    confidence: 0.7,
    passed,
    score: null,
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
    expect(lines[0]).toMatch(/^scenario\s+plan\s+verdict\s+result\s+time\s+turns\s+tools\s+tokens\s+cost$/);
    expect(lines[2]).toMatch(/^01_a\s+default\s+bad_deployment \(0\.70\)\s+PASS\s+1\.2 s\s+0\s+3\s+0\s+\$0\.0000$/);
    expect(lines[3]).toMatch(/^02_b\s+default\s+error\s+FAIL/);
    expect(lines[lines.length - 1]).toBe('02_b: no report after 60 s (phase investigating)');
  });
});
