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

  it('reports an undetermined cause when no hypothesis is supported, and the gate says why', () => {
    // Act
    const report = synthesizeDeterministicReport({ ...context, verdicts: [verdict('deploy', 'refuted', 0.6, ['deploy:c1'])] });

    // Assess
    expect(report).toMatchObject({ rootCause: null, rootCauseCategory: null, confidence: 0 });
    expect(renderReportMarkdown(report)).toContain('_Undetermined._');
    expect(stopQualityGate(report)).toEqual({ accepted: false, reasons: ['the report names no root cause'] });
  });
});
