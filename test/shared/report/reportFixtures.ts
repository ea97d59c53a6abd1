/** Shared inputs of the report tests: a three-hypothesis plan, verdicts and tool call records. */
import type { ToolCallRecord } from '../../../shared/agent/toolCallRecord';
import type { HypothesisVerdict } from '../../../shared/agent/verdict';
import { ZERO_USAGE } from '../../../shared/llm/tokenUsage';
import { parsePlanFile } from '../../../shared/plans/parsePlanFile';

const plan = parsePlanFile(
  'p.yaml',
  `id: http-5xx
title: HTTP 5xx
hypotheses:
  - { id: deploy, title: Bad release, guidance: g, rootCauseCategory: bad_deployment, recommendedActions: [Roll back to the previous revision.] }
  - { id: dep, title: Slow dependency, guidance: g, rootCauseCategory: slow_dependency, recommendedActions: [Page the dependency owner.] }
  - { id: noise, title: Cold start, guidance: g, rootCauseCategory: noise_cold_start }
`,
);

function verdict(hypothesisId: string, value: HypothesisVerdict['verdict'], confidence: number, evidence: string[]): HypothesisVerdict {
  return { schemaVersion: 1, hypothesisId, verdict: value, confidence, summary: `${hypothesisId} summary`, evidence, gaps: [], decidedBy: 'rules', usage: { ...ZERO_USAGE, unpricedModels: [] } };
}

const toolCalls: ToolCallRecord[] = ['deploy:c1', 'dep:c1'].map((id) => ({
  schemaVersion: 1,
  id,
  hypothesisId: id.split(':')[0]!,
  tool: 'app_insights_query',
  arguments: { query: 'AppRequests | summarize count() by AppVersion' },
  result: {
    schemaVersion: 1,
    tool: 'app_insights_query',
    status: 'success',
    invocation: 'AppRequests | summarize count() by AppVersion',
    timeRange: { start: '2026-03-04T11:00:00Z', end: '2026-03-04T12:00:00Z' },
    data: { tables: [{ name: 'PrimaryResult', columns: [{ name: 'AppVersion', type: 'string' }, { name: 'count_', type: 'long' }], rows: [['2.5.0', 380]] }], totalRows: 1 },
    summary: '1 row',
    durationMs: 12,
  },
}));

const context = {
  investigationId: 'inv-1',
  incidentTitle: 'orders-api returns HTTP 500',
  plan,
  toolCalls,
  timeline: [{ at: '2026-03-04T12:00:05Z', event: 'plan http-5xx matched' }, { at: '2026-03-04T12:00:00Z', event: 'alert received' }],
  startedAt: '2026-03-04T12:00:00.000Z',
  finishedAt: '2026-03-04T12:01:30.000Z',
};

export { plan, verdict, toolCalls, context };
