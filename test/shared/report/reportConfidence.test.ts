import { reportConfidence } from '../../../shared/report/reportConfidence';

type Row = Parameters<typeof reportConfidence>[0]['hypotheses'][number];
type Item = Parameters<typeof reportConfidence>[0]['evidence'][number];

const row = (hypothesisId: string, rootCauseCategory: string, verdict: Row['verdict'], confidence: number, evidence: string[] = []): Row => ({ hypothesisId, rootCauseCategory, verdict, confidence, evidence });
const item = (toolCallId: string, tool: string, query: string): Item => ({ toolCallId, tool, query, status: 'success' });

describe('reportConfidence', () => {
  it('rises with independent sources that agree and with rival causes refuted', () => {
    // Prepare
    const oneSource = [item('c1', 'app_insights_query', 'AppRequests | count'), item('c2', 'app_insights_query', 'AppRequests | take 1')];
    const threeSources = [...oneSource, item('c3', 'log_analytics_query', 'AzureActivity | take 1'), item('c4', 'resource_graph_query', 'Resources | take 1')];
    const rivalsOpen = [row('deploy', 'bad_deployment', 'supported', 0.8, ['c1', 'c2', 'c3', 'c4']), row('dep', 'slow_dependency', 'inconclusive', 0)];
    const rivalsRefuted = [row('deploy', 'bad_deployment', 'supported', 0.8, ['c1', 'c2', 'c3', 'c4']), row('dep', 'slow_dependency', 'refuted', 0.6)];

    // Act
    const weak = reportConfidence({ hypotheses: rivalsOpen, evidence: oneSource, rootCauseCategory: 'bad_deployment' });
    const corroborated = reportConfidence({ hypotheses: rivalsOpen, evidence: threeSources, rootCauseCategory: 'bad_deployment' });
    const strong = reportConfidence({ hypotheses: rivalsRefuted, evidence: threeSources, rootCauseCategory: 'bad_deployment' });

    // Assess: 0.8 x 0.7 x 0.75; 0.8 x 1 x 0.75; 0.8 x 1 x 1
    expect([weak, corroborated, strong]).toEqual([0.42, 0.6, 0.8]);
  });

  it('halves with a rival supported cause, and is 0 for undetermined or a category nothing supports', () => {
    // Prepare
    const hypotheses = [row('deploy', 'bad_deployment', 'supported', 0.8, ['c1']), row('dep', 'slow_dependency', 'supported', 0.6, ['c1'])];
    const evidence = [item('c1', 'app_insights_query', 'AppRequests')];

    // Act / Assess
    expect(reportConfidence({ hypotheses, evidence, rootCauseCategory: 'bad_deployment' })).toBe(0.21);
    expect(reportConfidence({ hypotheses, evidence, rootCauseCategory: 'undetermined' })).toBe(0);
    expect(reportConfidence({ hypotheses, evidence, rootCauseCategory: 'dns_failure' })).toBe(0);
  });
});
