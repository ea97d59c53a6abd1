import type { AnswerKey } from '../../../devhost/logAnalytics/data/scenarioFormat';
import { evidenceSources, gradeReport, mentions, scoreReport } from '../../../devhost/evaluation/scoreReport';
import type { EvidenceItem, HypothesisRow, InvestigationReport } from '../../../shared/report/reportSchema';

const answer: AnswerKey = {
  rootCauseCategory: 'bad_deployment',
  rootCause: 'Release 2.5.0 cannot resolve IDiscountEngine.',
  acceptableCategories: ['code_defect'],
  keyTerms: ['2.5.0', 'IDiscountEngine'],
  requiredEvidence: [
    { description: '500s from 2.5.0', table: 'AppRequests', check: { kind: 'kql', query: 'AppRequests | take 1' } },
    { description: 'exceptions', table: 'AppExceptions', check: { kind: 'kql', query: 'AppExceptions | take 1' } },
    { description: 'deployment', table: 'AzureActivity', check: { kind: 'kql', query: 'AzureActivity | take 1' } },
    {
      description: '5xx metric',
      metric: 'Requests',
      check: { kind: 'metric', resourceId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.App/containerApps/ca', namespace: 'Microsoft.App/containerApps', metric: 'Requests', aggregation: 'Total', operator: 'GreaterThan', threshold: 1 },
    },
  ],
  redHerrings: [{ description: 'Redis blip two hours earlier', blame: ['redis', 'cache latency'] }],
  ruledOut: [],
  investigations: 1,
  recommendedActions: [],
};

function evidence(tool: string, query: string, excerpt: string, status: EvidenceItem['status'] = 'success'): EvidenceItem {
  return { toolCallId: `call-${query.length}-${tool}`, hypothesisId: 'h', tool, query, status, resultExcerpt: excerpt };
}

function hypothesis(id: string, verdict: HypothesisRow['verdict'], category: HypothesisRow['rootCauseCategory'], summary: string): HypothesisRow {
  return { hypothesisId: id, title: `Hypothesis ${id}`, rootCauseCategory: category, verdict, confidence: 0.8, summary, evidence: [] };
}

function report(overrides: Partial<InvestigationReport>): InvestigationReport {
  return {
    schemaVersion: 1,
    investigationId: 'inv-1',
    incidentTitle: 'orders-api-5xx',
    planId: 'http-5xx-after-deployment',
    mode: 'review',
    modelUsed: false,
    summary: 'Version 2.5.0 fails 27% of requests.',
    rootCause: 'The latest release introduced the errors: version 2.5.0 cannot resolve IDiscountEngine.',
    rootCauseCategory: 'bad_deployment',
    confidence: 0.85,
    evidence: [
      evidence('app_insights_query', 'AppRequests | summarize failed = countif(Success == false) by AppVersion', 'AppVersion="2.5.0", failed=97'),
      evidence('app_insights_query', 'AppExceptions | summarize count() by ExceptionType', 'ExceptionType="System.InvalidOperationException"'),
    ],
    hypotheses: [hypothesis('bad-deployment', 'supported', 'bad_deployment', 'Version 2.5.0 fails 27% of requests.'), hypothesis('dependency', 'refuted', 'slow_dependency', 'Redis is healthy.')],
    recommendedActions: [],
    gaps: [],
    timeline: [],
    usage: { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, cacheCreationInputTokens: 0, costUsd: 0, modelCalls: 0, unpricedModels: [] },
    timings: { startedAt: '2026-03-04T12:00:00.000Z', finishedAt: '2026-03-04T12:00:02.000Z', durationMs: 2000 },
    ...overrides,
  };
}

describe('scoreReport', () => {
  it('passes a report with the right category, both key terms and half of the evidence sources', () => {
    // Prepare
    const good = report({});

    // Act
    const score = scoreReport(good, answer);

    // Assess
    expect(score.reasons).toEqual([]);
    expect(score.passed).toBe(true);
    expect(score).toMatchObject({ grade: 'exact', graded: 100, causeCorrect: true });
    expect(score.evidence).toMatchObject({ covered: 2, required: 2, missingKeyTerms: [] });
  });

  it('fails a report whose root cause category is not the answer', () => {
    // Prepare
    const wrong = report({ rootCauseCategory: 'slow_dependency' });

    // Act
    const score = scoreReport(wrong, answer);

    // Assess
    expect(score.passed).toBe(false);
    expect(score.category).toEqual({ expected: 'bad_deployment', actual: 'slow_dependency', passed: false });
    expect(score.reasons).toEqual(['root cause category slow_dependency, expected bad_deployment']);
  });

  it('fails an undetermined report (no root cause) on category and key terms', () => {
    // Prepare
    const undetermined = report({ rootCause: null, rootCauseCategory: 'undetermined', summary: 'No hypothesis was supported.', evidence: [] });

    // Act
    const score = scoreReport(undetermined, answer);

    // Assess
    expect(score.passed).toBe(false);
    expect(score.evidence.missingKeyTerms).toEqual(['2.5.0', 'IDiscountEngine']);
    expect(score.evidence.covered).toBe(0);
    expect(score).toMatchObject({ grade: 'wrong', graded: 0, causeCorrect: false });
  });

  it('grades one hop short, right area and wrong area as documented', () => {
    expect(gradeReport('bad_deployment', answer, false)).toBe('one_hop_short');
    expect(gradeReport('code_defect', answer, true)).toBe('one_hop_short');
    expect(gradeReport('configuration_change', answer, true)).toBe('right_area');
    expect(gradeReport('configuration_change', { ...answer, area: 'application' }, true)).toBe('wrong');
    expect(gradeReport('slow_dependency', answer, true)).toBe('wrong');
  });

  it('passes only an undetermined report when the answer is undetermined', () => {
    // Prepare
    const open: AnswerKey = { ...answer, rootCauseCategory: 'undetermined', acceptableCategories: [], keyTerms: [], requiredEvidence: [] };
    const honest = report({ rootCause: null, rootCauseCategory: 'undetermined', confidence: 0, hypotheses: [hypothesis('h1', 'inconclusive', 'bad_deployment', 'redis was slow')] });

    // Act
    const right = scoreReport(honest, open);
    const wrong = scoreReport(report({}), open);

    // Assess
    expect(right).toMatchObject({ passed: true, grade: 'exact', graded: 100, causeCorrect: false, reasons: [] });
    expect(wrong).toMatchObject({ passed: false, grade: 'wrong', graded: 0 });
  });

  it('fails a report that names the cause without having looked at enough sources', () => {
    // Prepare: the right words, but only one source cited and one query that failed
    const thin = report({
      evidence: [
        evidence('app_insights_query', 'AppRequests | summarize count() by AppVersion', 'AppVersion="2.5.0"'),
        evidence('log_analytics_query', 'AzureActivity | take 5', 'error: table not found', 'error'),
      ],
    });

    // Act
    const score = scoreReport(thin, answer);

    // Assess
    expect(score.passed).toBe(false);
    expect(score.evidence.sources).toEqual([
      { source: 'AppRequests', covered: true },
      { source: 'AppExceptions', covered: false },
      { source: 'AzureActivity', covered: false },
      { source: 'metric:Requests', covered: false },
    ]);
    expect(score.reasons[0]).toMatch(/evidence covers 1 of 4 required sources \(needs 2\)/);
  });

  it('counts a metric only when metrics_query fetched it', () => {
    // Prepare
    const withMetric = report({
      evidence: [
        evidence('metrics_query', 'metrics Microsoft.App/containerApps/Requests of /subscriptions/s/...', 'Requests max 97'),
        evidence('app_insights_query', 'AppRequests | where Name == "Requests"', 'rows'),
      ],
    });

    // Act
    const score = scoreReport(withMetric, answer);

    // Assess
    expect(score.evidence.sources.find((s) => s.source === 'metric:Requests')?.covered).toBe(true);
  });

  it('fails a report whose supported hypothesis blames a red herring, naming the term and where', () => {
    // Prepare
    const blaming = report({
      hypotheses: [hypothesis('bad-deployment', 'supported', 'bad_deployment', 'Version 2.5.0 fails.'), hypothesis('cache', 'supported', 'slow_dependency', 'Redis latency rose to 900 ms.')],
    });

    // Act
    const score = scoreReport(blaming, answer);

    // Assess
    expect(score.passed).toBe(false);
    expect(score.redHerrings.blamed).toEqual([{ description: 'Redis blip two hours earlier', term: 'redis', where: 'supported hypothesis cache' }]);
    expect(score.alsoSupported).toEqual(['cache']);
  });

  it('does not count a red herring that only a refuted hypothesis or the evidence mentions', () => {
    // Prepare: the default report refutes "Redis is healthy"; add evidence that shows Redis data
    const fair = report({ evidence: [...report({}).evidence, evidence('app_insights_query', 'AppDependencies | summarize by Target', 'Target="redis-shop-prod"')] });

    // Act
    const score = scoreReport(fair, answer);

    // Assess
    expect(score.redHerrings.passed).toBe(true);
    expect(score.passed).toBe(true);
  });
});

describe('scoreReport with causes to rule out', () => {
  const ruling: AnswerKey = { ...answer, ruledOut: [{ category: 'slow_dependency', description: 'the Redis blip is over' }] };

  it('passes when a hypothesis of each ruled-out category was refuted', () => {
    // Act
    const score = scoreReport(report({}), ruling);

    // Assess
    expect(score.reasons).toEqual([]);
    expect(score).toMatchObject({ passed: true, notRuledOut: [] });
  });

  it('fails when a ruled-out cause was only left inconclusive, naming it', () => {
    // Prepare
    const unsure = report({ hypotheses: [hypothesis('bad-deployment', 'supported', 'bad_deployment', 'Version 2.5.0 fails.'), hypothesis('dependency', 'inconclusive', 'slow_dependency', 'Not enough data.')] });

    // Act
    const score = scoreReport(unsure, ruling);

    // Assess
    expect(score.passed).toBe(false);
    expect(score.notRuledOut).toEqual(['slow_dependency']);
    expect(score.reasons).toEqual(['no slow_dependency hypothesis was refuted (the Redis blip is over)']);
    expect(score.grade).toBe('exact');
  });
});

describe('mentions', () => {
  it('matches whole words and phrases case-insensitively, with simple inflections', () => {
    expect(mentions('Cold starts after scaling', 'cold start')).toBe(true);
    expect(mentions('ca-notify-api was scaled up', 'scale')).toBe(true);
    expect(mentions('api.payfast-partner.example is slow', 'payfast')).toBe(true);
    expect(mentions('connection-pool timeouts', 'connection pool')).toBe(true);
    expect(mentions('Version 2.5.0 fails', '2.5.0')).toBe(true);
  });

  it('does not match inside other words or versions', () => {
    expect(mentions('Version 12.5.01 fails', '2.5.0')).toBe(false);
    expect(mentions('the gpus are busy', 'cpu')).toBe(false);
    expect(mentions('redistribute the load', 'redis')).toBe(false);
    expect(mentions('anything', '  ')).toBe(false);
  });
});

describe('evidenceSources', () => {
  it('lists each table, metric and Resource Graph once', () => {
    const sources = evidenceSources({
      ...answer,
      requiredEvidence: [...answer.requiredEvidence, { description: 'again', table: 'AppRequests', check: { kind: 'kql', query: 'AppRequests' } }, { description: 'cert', check: { kind: 'resourceGraph', query: 'Resources' } }],
    });
    expect(sources).toEqual(['AppRequests', 'AppExceptions', 'AzureActivity', 'metric:Requests', 'ResourceGraph']);
  });
});
