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
        'the report names no root cause',
        "supported hypothesis 'deploy' cites no evidence",
        "supported hypothesis 'dep' cites evidence missing from the report: dep:missing",
        'the report recommends no action',
      ],
    });
    expect(report.gaps).toContain('evidence dep:missing was cited but its tool call record is missing');
  });
});
