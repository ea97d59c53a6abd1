import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateVerdictRules } from '../../../../shared/agent/deterministic/evaluateVerdictRules';
import { nextChecks } from '../../../../shared/agent/deterministic/renderChecks';
import type { ToolCallRecord } from '../../../../shared/agent/toolCallRecord';
import { parsePlanFile } from '../../../../shared/plans/parsePlanFile';
import type { Hypothesis } from '../../../../shared/plans/planSchema';
import type { ToolResult } from '../../../../shared/tools/tool';

function table(columns: string[], rows: unknown[][]): unknown {
  return { tables: [{ name: 'PrimaryResult', columns: columns.map((name) => ({ name, type: 'string' })), rows }], totalRows: rows.length };
}

function record(hypothesisId: string, checkId: string, result: Partial<ToolResult>): ToolCallRecord {
  return {
    schemaVersion: 1,
    id: `${hypothesisId}:${checkId}`,
    hypothesisId,
    tool: 'app_insights_query',
    arguments: {},
    result: { schemaVersion: 1, tool: 'app_insights_query', status: 'success', invocation: 'AppRequests | ...', summary: 'rows', durationMs: 3, ...result },
  };
}

/** A hypothesis of the frozen 5xx plan fixture (the bundled plan keeps being tuned to the scenarios). */
async function bundledHypothesis(planId: string, hypothesisId: string): Promise<Hypothesis> {
  const file = join(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'plans', 'verdict-rules-5xx.yaml');
  const plan = parsePlanFile(file, readFileSync(file, 'utf8'));
  const hypothesis = plan.id === planId ? plan.hypotheses.find((h) => h.id === hypothesisId) : undefined;
  if (!hypothesis) throw new Error(`${planId}/${hypothesisId} is not in the fixture`);
  return hypothesis;
}

describe('deterministic checks and verdict rules', () => {
  it('renders check arguments from the incident and window', async () => {
    // Prepare
    const hypothesis = await bundledHypothesis('http-5xx-after-deployment', 'bad-deployment');

    // Act
    const { checks } = await nextChecks(hypothesis, { targets: { appInsights: 'appi-shop-prod' }, window: { timespan: 'PT2H', end: '2026-03-04T12:00:00Z' } });

    // Assess
    expect(checks.map((check) => check.id)).toEqual(['bad-deployment:failures_by_version', 'bad-deployment:top_exception']);
    expect(checks[0]?.arguments).toMatchObject({ component: 'appi-shop-prod', timespan: 'PT2H', end: '2026-03-04T12:00:00Z' });
    expect(checks[0]?.arguments.query).toContain('AppRequests');
  });

  it('supports a bad deployment when the new version fails and the old one does not', async () => {
    // Prepare
    const hypothesis = await bundledHypothesis('http-5xx-after-deployment', 'bad-deployment');
    const records = [
      record('bad-deployment', 'failures_by_version', { data: table(['AppVersion', 'total', 'failed', 'failRate'], [['2.5.0', 400, 380, 0.95], ['2.4.3', 900, 2, 0.0022]]) }),
      record('bad-deployment', 'top_exception', { data: table(['AppVersion', 'ExceptionType', 'occurrences'], [['2.5.0', 'System.InvalidOperationException', 380]]) }),
    ];

    // Act
    const verdict = await evaluateVerdictRules(hypothesis, records);

    // Assess
    expect(verdict).toMatchObject({ hypothesisId: 'bad-deployment', verdict: 'supported', confidence: 0.85, decidedBy: 'rules', gaps: [] });
    expect(verdict.summary).toBe(
      'Version 2.5.0 fails 95% of requests; the previous version stays below 1%. Top exception: System.InvalidOperationException.',
    );
    expect(verdict.evidence).toEqual(['bad-deployment:failures_by_version', 'bad-deployment:top_exception']);
    expect(verdict.usage.modelCalls).toBe(0);
  });

  it('refutes it when only one version served requests', async () => {
    // Prepare
    const hypothesis = await bundledHypothesis('http-5xx-after-deployment', 'bad-deployment');
    const records = [
      record('bad-deployment', 'failures_by_version', { data: table(['AppVersion', 'failRate'], [['2.4.3', 0.2]]) }),
      record('bad-deployment', 'top_exception', { status: 'no_data', data: table(['AppVersion'], []) }),
    ];

    // Act
    const verdict = await evaluateVerdictRules(hypothesis, records);

    // Assess
    expect(verdict).toMatchObject({ verdict: 'refuted', confidence: 0.6, evidence: ['bad-deployment:failures_by_version', 'bad-deployment:top_exception'] });
  });

  it('reports failed and missing checks as gaps and stays inconclusive', async () => {
    // Prepare
    const hypothesis = await bundledHypothesis('http-5xx-after-deployment', 'bad-deployment');
    const records = [
      record('bad-deployment', 'failures_by_version', { status: 'error', error: { code: 'invalid_query', message: "line 1: 'AppVersio' is not a column" } }),
    ];

    // Act
    const verdict = await evaluateVerdictRules(hypothesis, records);

    // Assess
    expect(verdict).toMatchObject({ verdict: 'inconclusive', confidence: 0, evidence: [] });
    expect(verdict.gaps).toEqual([
      "check failures_by_version (app_insights_query) failed: line 1: 'AppVersio' is not a column",
      'check top_exception (app_insights_query) did not run',
    ]);
  });

  it('evaluates a JSONata confidence and skips a rule that fails at run time, recording why', async () => {
    // Prepare
    const hypothesis = parsePlanFile(
      'p.yaml',
      `id: p
title: p
allowedTools: [app_insights_query]
hypotheses:
  - id: h
    title: h
    guidance: g
    rootCauseCategory: slow_dependency
    checks: [{ id: c, tool: app_insights_query }]
    verdictRules:
      - { when: "$error('boom')", verdict: refuted, confidence: 1, summary: never }
      - { when: "checks.c.rowCount > 0", verdict: supported, confidence: "$min([1, checks.c.rows[0].p95 / 5000])", summary: "p95 {{ checks.c.rows[0].p95 }} ms" }
`,
    ).hypotheses[0]!;
    const records = [record('h', 'c', { data: table(['p95'], [[2500]]) })];

    // Act
    const verdict = await evaluateVerdictRules(hypothesis, records);

    // Assess
    expect(verdict).toMatchObject({ verdict: 'supported', confidence: 0.5, summary: 'p95 2500 ms' });
    expect(verdict.gaps).toEqual([expect.stringMatching(/^verdict rule 1 could not be evaluated: .*boom/)]);
  });

  it('says a hypothesis without checks cannot be tested without a model', async () => {
    // Prepare
    const hypothesis = parsePlanFile('p.yaml', 'id: p\ntitle: p\nhypotheses: [{ id: h, title: h, guidance: g, rootCauseCategory: oom_crash_loop }]\n').hypotheses[0]!;

    // Act
    const verdict = await evaluateVerdictRules(hypothesis, []);

    // Assess
    expect(verdict).toMatchObject({ verdict: 'inconclusive', gaps: ['no deterministic checks declared for this hypothesis'] });
  });
});
