import type { ToolCallRecord } from '../../../shared/agent/toolCallRecord';
import type { HypothesisVerdict } from '../../../shared/agent/verdict';
import { usageOf } from '../../../shared/llm/pricing';
import { ZERO_USAGE } from '../../../shared/llm/tokenUsage';
import { parsePlanFile } from '../../../shared/plans/parsePlanFile';
import { assembleReport } from '../../../shared/report/assembleReport';
import { renderReportJson, renderReportMarkdown } from '../../../shared/report/renderReportMarkdown';
import { investigationReportSchema } from '../../../shared/report/reportSchema';
import { stopQualityGate } from '../../../shared/report/stopQualityGate';
import { synthesizeDeterministicReport } from '../../../shared/report/synthesizeDeterministicReport';

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

describe('reports', () => {
  it('ranks supported hypotheses by confidence in deterministic synthesis', () => {
    // Act
    const report = synthesizeDeterministicReport({
      ...context,
      verdicts: [verdict('dep', 'supported', 0.6, ['dep:c1']), verdict('deploy', 'supported', 0.85, ['deploy:c1']), verdict('noise', 'refuted', 0.7, [])],
    });

    // Assess
    expect(investigationReportSchema.safeParse(report).success).toBe(true);
    expect(report).toMatchObject({ modelUsed: false, rootCauseCategory: 'bad_deployment', confidence: 0.85, mode: 'review' });
    expect(report.rootCause).toBe('Bad release: deploy summary');
    expect(report.recommendedActions).toEqual([
      { action: 'Roll back to the previous revision.', rationale: 'deploy is supported', proposal: true },
      { action: 'Page the dependency owner.', rationale: 'dep is supported', proposal: true },
    ]);
    expect(report.evidence.map((item) => [item.toolCallId, item.query, item.timeRange?.start])).toEqual([
      ['dep:c1', 'AppRequests | summarize count() by AppVersion', '2026-03-04T11:00:00Z'],
      ['deploy:c1', 'AppRequests | summarize count() by AppVersion', '2026-03-04T11:00:00Z'],
    ]);
    expect(report.evidence[0]?.resultExcerpt).toBe('1 row | AppVersion="2.5.0", count_=380');
    expect(report.timeline.map((entry) => entry.event)).toEqual(['alert received', 'plan http-5xx matched']);
    expect(report.timings.durationMs).toBe(90_000);
    expect(stopQualityGate(report)).toEqual({ accepted: true });
  });

  it('says plainly in Markdown that no model was used, and labels actions as proposals', () => {
    // Prepare
    const report = synthesizeDeterministicReport({ ...context, verdicts: [verdict('deploy', 'supported', 0.85, ['deploy:c1'])] });

    // Act
    const markdown = renderReportMarkdown(report);

    // Assess
    expect(markdown).toContain('**No model was used.**');
    expect(markdown).toContain('1. **Proposal** (review mode, needs a human decision): Roll back to the previous revision.');
    expect(markdown).toContain('### `deploy:c1`: app_insights_query (success, 2026-03-04T11:00:00Z to 2026-03-04T12:00:00Z)');
    expect(markdown).toContain('| Cold start (`noise`) | noise_cold_start | inconclusive | 0% | - | No result: this hypothesis was not investigated. |');
    expect(markdown).toContain('- Model calls: 0 (deterministic mode)');
    expect(JSON.parse(renderReportJson(report))).toEqual(report);
  });

  it('names the model and its cost when one was used', () => {
    // Prepare
    const used = usageOf('claude-sonnet-5-5', { inputTokens: 10_000, outputTokens: 1000, cacheReadInputTokens: 50_000, cacheCreationInputTokens: 5000 });
    const report = assembleReport(
      { ...context, model: 'claude-sonnet-5-5', verdicts: [{ ...verdict('deploy', 'supported', 0.9, ['deploy:c1']), decidedBy: 'model', usage: used }] },
      { summary: 'Release 2.5.0 broke order creation.', rootCause: 'Release 2.5.0', rootCauseCategory: 'bad_deployment', confidence: 0.9, recommendedActions: [{ action: 'Roll back.' }] },
    );

    // Act
    const markdown = renderReportMarkdown(report);

    // Assess
    expect(markdown).toContain('Investigated by the model `claude-sonnet-5-5`');
    expect(markdown).not.toContain('No model was used');
    expect(markdown).toContain(`- Estimated cost: $${used.costUsd.toFixed(4)}`);
  });

  it('rejects a report without root cause, evidence for a supported hypothesis, or actions, with every reason', () => {
    // Prepare
    const report = assembleReport(
      { ...context, verdicts: [verdict('deploy', 'supported', 0.9, []), verdict('dep', 'supported', 0.5, ['dep:missing'])] },
      { summary: 'Something happened.', rootCause: null, rootCauseCategory: null, confidence: 0.2, recommendedActions: [] },
    );

    // Act
    const decision = stopQualityGate(report);

    // Assess
    expect(decision).toEqual({
      accepted: false,
      reasons: [
        'the report names no root cause',
        "supported hypothesis 'deploy' cites no evidence",
        "supported hypothesis 'dep' cites evidence missing from the report: dep:missing",
        'the report recommends no action',
      ],
    });
    expect(report.gaps).toContain('evidence dep:missing was cited but its tool call record is missing');
  });

  it('reports an undetermined cause when no hypothesis is supported, and the gate says why', () => {
    // Act
    const report = synthesizeDeterministicReport({ ...context, verdicts: [verdict('deploy', 'refuted', 0.6, ['deploy:c1'])] });

    // Assess
    expect(report).toMatchObject({ rootCause: null, rootCauseCategory: null, confidence: 0 });
    expect(renderReportMarkdown(report)).toContain('_Undetermined._');
    expect(stopQualityGate(report)).toEqual({ accepted: false, reasons: ['the report names no root cause'] });
  });
});
