import type { EvaluationResult } from '../../../devhost/evaluation/evaluationResult';
import type { ScenarioRun } from '../../../devhost/evaluation/runScenario';
import { compareSecondRun, secondRunLines } from '../../../devhost/evaluation/secondRun';
import type { InvestigationReport } from '../../../shared/report/reportSchema';
import { synthesizeDeterministicReport } from '../../../shared/report/synthesizeDeterministicReport';
import { context, verdict } from '../../shared/report/reportFixtures';

/** A run of investigation `id` whose report found `dep` supported (the plan's second hypothesis). */
function run(id: string, change: (report: InvestigationReport) => InvestigationReport = (r) => r): { run: ScenarioRun; result: EvaluationResult } {
  const report = change(synthesizeDeterministicReport({ ...context, investigationId: id, verdicts: [verdict('deploy', 'refuted', 0.8, ['deploy:c1']), verdict('dep', 'supported', 0.9, ['dep:c1'])] }));
  return {
    run: { scenarioId: '05_slow', investigationId: id, route: 'manual', progress: null, report, grouping: null, error: null, elapsedMs: 0 },
    result: { scenarioId: '05_slow', investigationId: id, planId: 'http-5xx', engine: 'deterministic', rootCauseCategory: 'slow_dependency', confidence: 0.9, passed: true, graded: 100, score: null, grouping: null, error: null, elapsedMs: id === 'first' ? 10_000 : 8_000, turns: 0, toolCalls: 4, tokens: 0, costUsd: 0 },
  };
}

const recalled = (report: InvestigationReport): InvestigationReport => ({
  ...report,
  seenBefore: [{ memoryId: 'first', investigationId: 'first', url: 'u', firedAt: 't', title: 't', matchedBy: ['group key'], summary: 's', rootCause: 'r', rootCauseCategory: 'slow_dependency', confidence: 0.9, confirmedHypotheses: ['dep'], decidingQueries: [], recommendedActions: [], mitigations: [], resolvedAt: null }],
  hypotheses: [...report.hypotheses].sort((a) => (a.hypothesisId === 'dep' ? -1 : 1)),
  timeline: [...report.timeline, { at: 't', event: 'checked first, as a similar past incident confirmed their category: dep' }],
});

describe('the second run of eval --twice', () => {
  it('says the second run recalled the first and checked its confirmed cause first', () => {
    const comparison = compareSecondRun(run('first'), run('second', recalled));
    expect(comparison).toMatchObject({ seenBefore: true, confirmedFirstTime: ['dep'], checkedFirst: true, first: { elapsedMs: 10_000, toolCalls: 4 }, second: { elapsedMs: 8_000, toolCalls: 4 } });
    expect(secondRunLines([comparison])).toEqual([
      'Second run against the first (same storage):',
      '05_slow: time 10.0 s -> 8.0 s (-20%); tool calls 4 -> 4 (+0%); turns 0 -> 0; seen before: yes (first); previously confirmed cause checked first: yes (dep)',
    ]);
  });

  it('says when it did not: no recall, the plan order kept, or a model that picks its own order', () => {
    const forgot = compareSecondRun(run('first'), run('second'));
    expect(forgot).toMatchObject({ seenBefore: false, checkedFirst: false });
    expect(secondRunLines([forgot])[1]).toMatch(/seen before: no; previously confirmed cause checked first: no \(confirmed then: dep\)$/);
    const model = compareSecondRun(run('first'), run('second', (r) => ({ ...recalled(r), modelUsed: true })));
    expect(model.checkedFirst).toBeNull();
    expect(secondRunLines([model])[1]).toMatch(/checked first: n\/a \(model mode\)$/);
  });
});
