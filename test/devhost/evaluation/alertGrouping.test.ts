import { gradeGrouping, type RoutedAlert } from '../../../devhost/evaluation/alertGrouping';

function routed(investigationId: string, disposition: string, file = `alerts/${investigationId}.json`): RoutedAlert {
  return { file, investigationId, disposition };
}

describe('gradeGrouping', () => {
  it('passes a storm whose alerts all joined the investigation the first one opened, with one report per destination', () => {
    // Prepare
    const alerts = [routed('inv-a', 'started'), routed('inv-a', 'joined'), routed('inv-a', 'joined')];
    const deliveries = new Map([['inv-a', [{ step: 'investigation-started', destination: 'teams', status: 'delivered' }, { step: 'report', destination: 'teams', status: 'delivered' }]]]);

    // Act
    const outcome = gradeGrouping(alerts, 1, deliveries);

    // Assess
    expect(outcome).toEqual({ alerts: 3, investigations: ['inv-a'], expected: 1, duplicateWriteBacks: [], passed: true, reasons: [] });
  });

  it('fails when the alerts opened more investigations than expected, and counts each extra report as a duplicate write-back', () => {
    // Prepare
    const alerts = [routed('inv-a', 'started'), routed('inv-b', 'started')];
    const report = { step: 'report', destination: 'azure-monitor', status: 'delivered' };
    const deliveries = new Map([['inv-a', [report]], ['inv-b', [report]]]);

    // Act
    const outcome = gradeGrouping(alerts, 1, deliveries);

    // Assess
    expect(outcome.passed).toBe(false);
    expect(outcome.investigations).toEqual(['inv-a', 'inv-b']);
    expect(outcome.reasons).toEqual(['2 alert(s) opened 2 investigation(s), expected 1', 'duplicate write-back: 2 reports sent to azure-monitor for 1 expected investigation(s)']);
  });

  it('flags the same step sent twice to one destination, and ignores skipped deliveries', () => {
    // Prepare
    const deliveries = new Map([
      ['inv-a', [
        { step: 'report', destination: 'teams', status: 'delivered' },
        { step: 'report', destination: 'teams', status: 'failed' },
        { step: 'report', destination: 'pagerduty', status: 'skipped' },
        { step: 'report', destination: 'pagerduty', status: 'skipped' },
      ]],
    ]);

    // Act
    const outcome = gradeGrouping([routed('inv-a', 'started')], 1, deliveries);

    // Assess
    expect(outcome.duplicateWriteBacks).toEqual(['inv-a sent report to teams 2 times', '2 reports sent to teams for 1 expected investigation(s)']);
    expect(outcome.passed).toBe(false);
  });
});
