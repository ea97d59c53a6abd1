import { renderReportMarkdown } from '../../../shared/report/renderReportMarkdown';
import { investigationReportSchema } from '../../../shared/report/reportSchema';
import { stopQualityGate } from '../../../shared/report/stopQualityGate';
import { synthesizeDeterministicReport } from '../../../shared/report/synthesizeDeterministicReport';
import { context, verdict } from './reportFixtures';

describe('synthesizeDeterministicReport', () => {
  it('ranks supported hypotheses by confidence in deterministic synthesis', () => {
    // Act
    const report = synthesizeDeterministicReport({
      ...context,
      verdicts: [verdict('dep', 'supported', 0.6, ['dep:c1']), verdict('deploy', 'supported', 0.85, ['deploy:c1']), verdict('noise', 'refuted', 0.7, [])],
    });

    // Assess
    expect(investigationReportSchema.safeParse(report).success).toBe(true);
    // 0.85 x 0.7 (one source) x 0.875 (one of two rivals refuted) x 0.5 (a rival is supported too)
    expect(report).toMatchObject({ modelUsed: false, rootCauseCategory: 'bad_deployment', confidence: 0.26, mode: 'review' });
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

  it('reports undetermined with its leads and what they miss when every hypothesis is inconclusive, and the gate accepts it first time', () => {
    // Prepare
    const open = { ...verdict('dep', 'inconclusive', 0.3, []), gaps: ['AppDependencies returned no rows'] };

    // Act
    const report = synthesizeDeterministicReport({ ...context, verdicts: [verdict('deploy', 'inconclusive', 0.1, []), open, verdict('noise', 'inconclusive', 0, [])] });

    // Assess
    expect(investigationReportSchema.safeParse(report).success).toBe(true);
    expect(report).toMatchObject({ rootCause: null, rootCauseCategory: 'undetermined', confidence: 0 });
    expect(report.leads?.map((lead) => [lead.hypothesisId, lead.missingEvidence[0]])).toEqual([
      ['dep', 'AppDependencies returned no rows'],
      ['deploy', 'evidence that decides it: what was gathered did not (deploy summary)'],
      ['noise', 'evidence that decides it: what was gathered did not (noise summary)'],
    ]);
    expect(report.summary).toContain('Open leads: Slow dependency; Bad release; Cold start');
    const markdown = renderReportMarkdown(report);
    expect(markdown).toContain('**Undetermined** (confidence 0%)');
    expect(markdown).toContain('Lead: Slow dependency (`dep`, inconclusive, 30%). Missing: AppDependencies returned no rows');
    expect(stopQualityGate(report)).toEqual({ accepted: true });
  });

  it('says the cause is outside the plan when every hypothesis is refuted', () => {
    // Act
    const report = synthesizeDeterministicReport({ ...context, verdicts: [verdict('deploy', 'refuted', 0.6, ['deploy:c1'])] });

    // Assess: the two hypotheses without a verdict stay open leads
    expect(report).toMatchObject({ rootCause: null, rootCauseCategory: 'undetermined', confidence: 0 });
    expect(report.leads?.map((lead) => lead.missingEvidence[0])).toEqual(['this hypothesis was not investigated', 'this hypothesis was not investigated']);
    expect(stopQualityGate(report)).toEqual({ accepted: true });
  });
});
