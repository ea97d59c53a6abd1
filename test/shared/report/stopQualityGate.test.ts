import { assembleReport } from '../../../shared/report/assembleReport';
import { stopQualityGate } from '../../../shared/report/stopQualityGate';
import { context, verdict } from './reportFixtures';

describe('stopQualityGate', () => {
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
        'hypotheses are supported (deploy, dep) but the report names no root cause',
        "supported hypothesis 'deploy' cites no evidence",
        "supported hypothesis 'dep' cites evidence missing from the report: dep:missing",
        'the report recommends no action',
      ],
    });
    expect(report.gaps).toContain('evidence dep:missing was cited but its tool call record is missing');
  });

  it('rejects a category that is not that of a supported hypothesis', () => {
    // Prepare: only 'dep' (slow_dependency) is supported
    const report = assembleReport(
      { ...context, verdicts: [verdict('deploy', 'inconclusive', 0, []), verdict('dep', 'supported', 0.8, ['dep:c1'])] },
      { summary: 'A release broke it.', rootCause: 'Release 2.5.0 broke orders.', rootCauseCategory: 'bad_deployment', recommendedActions: [{ action: 'Roll back' }] },
    );

    // Act / Assess
    expect(stopQualityGate(report)).toEqual({ accepted: false, reasons: ['root cause category bad_deployment is not that of a supported hypothesis (supported: slow_dependency)'] });
  });

  it('rejects a root cause when no hypothesis is supported, and a confidence above the evidence', () => {
    // Prepare: every hypothesis inconclusive, yet a cause with 60 %
    const report = assembleReport(
      { ...context, verdicts: [verdict('deploy', 'inconclusive', 0, []), verdict('dep', 'inconclusive', 0, [])] },
      { summary: 'A release broke it.', rootCause: 'Release 2.5.0 broke orders.', rootCauseCategory: 'bad_deployment', recommendedActions: [{ action: 'Roll back' }] },
    );

    // Act
    const decision = stopQualityGate({ ...report, confidence: 0.6 });

    // Assess
    expect(decision).toEqual({
      accepted: false,
      reasons: ['no hypothesis is supported, so the report must be undetermined with no root cause (it names a root cause)', 'confidence 0.60 is more than the evidence gives (0.00)'],
    });
  });

  it('accepts an honest undetermined report', () => {
    // Prepare
    const report = assembleReport(
      { ...context, verdicts: [verdict('deploy', 'inconclusive', 0, []), verdict('dep', 'refuted', 0.5, ['dep:c1'])] },
      { summary: 'Nothing is supported.', rootCause: null, rootCauseCategory: null, recommendedActions: [{ action: 'Investigate manually' }] },
    );

    // Act / Assess
    expect(report).toMatchObject({ rootCauseCategory: 'undetermined', confidence: 0 });
    expect(stopQualityGate(report)).toEqual({ accepted: true });
  });
});
