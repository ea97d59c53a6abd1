import { evaluateVerdictRules } from '../../../../shared/agent/deterministic/evaluateVerdictRules';
import { nextChecks } from '../../../../shared/agent/deterministic/renderChecks';
import type { ToolCallRecord } from '../../../../shared/agent/toolCallRecord';
import { parsePlanFile } from '../../../../shared/plans/parsePlanFile';
import type { Hypothesis } from '../../../../shared/plans/planSchema';

/** A hypothesis with an AKS check, a Container Apps check (each conditional on the target) and a follow-up that needs an earlier result. */
const hypothesis: Hypothesis = parsePlanFile(
  'conditional.yaml',
  `id: conditional
title: conditional
allowedTools: [log_analytics_query]
hypotheses:
  - id: h
    title: h
    guidance: g
    rootCauseCategory: oom_crash_loop
    checks:
      - { id: always, tool: log_analytics_query, arguments: { query: "Heartbeat | take 1" } }
      - id: aks
        tool: log_analytics_query
        when: "$not($contains($lowercase($string(targets.resourceId)), '/microsoft.app/'))"
        arguments: { query: "KubePodInventory | take 1", workspace: "{{ targets.workspace }}" }
      - id: aca
        tool: log_analytics_query
        when: "$not($contains($lowercase($string(targets.resourceId)), '/microsoft.containerservice/'))"
        arguments: { query: "ContainerAppSystemLogs_CL | take 1" }
      - id: follow_up
        tool: log_analytics_query
        when: "checks.always.rowCount > 0"
        arguments: { query: "Heartbeat | take 5" }
    verdictRules:
      - { when: "checks.aks.rowCount > 0 or checks.aca.rowCount > 0", verdict: supported, confidence: 0.8, summary: "aks {{ checks.aks.status }}, aca {{ checks.aca.status }}" }
`,
).hypotheses[0]!;

function record(checkId: string, rows: unknown[][]): ToolCallRecord {
  return {
    schemaVersion: 1,
    id: `h:${checkId}`,
    hypothesisId: 'h',
    tool: 'log_analytics_query',
    arguments: {},
    result: {
      schemaVersion: 1,
      tool: 'log_analytics_query',
      status: rows.length > 0 ? 'success' : 'no_data',
      invocation: 'q',
      summary: `${rows.length} rows`,
      durationMs: 1,
      data: { tables: [{ name: 'PrimaryResult', columns: [{ name: 'n', type: 'long' }], rows }], totalRows: rows.length },
    },
  };
}

const aksCluster = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-prod';
const containerApp = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.App/containerApps/ca-orders';

describe('conditional checks (when)', () => {
  it('decides a when over the target at once, and holds back one that reads earlier checks until they settle', async () => {
    // Act
    const stage = await nextChecks(hypothesis, { targets: { resourceId: aksCluster, workspace: 'law' } });

    // Assess
    expect(stage.checks.map((check) => check.checkId)).toEqual(['always', 'aks']);
    expect(stage).toMatchObject({ skipped: ['aca'], complete: false });
  });

  it('skips the Container Apps check for an AKS target, runs the AKS one, then the follow-up', async () => {
    // Prepare
    const soFar = { settled: ['always', 'aks', 'aca'], skipped: ['aca'], records: [record('always', [[1]]), record('aks', [[2]])] };

    // Act
    const first = await nextChecks(hypothesis, { targets: { resourceId: aksCluster, workspace: 'law' } });
    const second = await nextChecks(hypothesis, { targets: { resourceId: aksCluster, workspace: 'law' } }, soFar);

    // Assess
    expect(first.checks[1]?.arguments).toEqual({ query: 'KubePodInventory | take 1', workspace: 'law' });
    expect(second).toEqual({ checks: [expect.objectContaining({ checkId: 'follow_up' })], skipped: [], complete: true });
  });

  it('skips the AKS check for a container app, and a follow-up whose earlier check found nothing', async () => {
    // Prepare
    const first = await nextChecks(hypothesis, { targets: { resourceId: containerApp, workspace: 'law' } });
    const soFar = { settled: ['always', 'aks', 'aca'], skipped: ['aks'], records: [record('always', []), record('aca', [[1]])] };

    // Act
    const second = await nextChecks(hypothesis, { targets: { resourceId: containerApp, workspace: 'law' } }, soFar);

    // Assess
    expect(first.checks.map((check) => check.checkId)).toEqual(['always', 'aca']);
    expect(first.skipped).toEqual(['aks']);
    expect(second).toEqual({ checks: [], skipped: ['follow_up'], complete: true });
  });

  it('runs both platform checks when the target is unknown', async () => {
    // Prepare
    // Act
    const stage = await nextChecks(hypothesis, { targets: { resourceId: null, workspace: 'law' } });

    // Assess
    expect(stage.checks.map((check) => check.checkId)).toEqual(['always', 'aks', 'aca']);
    expect(stage).toMatchObject({ skipped: [], complete: false });
  });

  it('gives a skipped check the status skipped, not a gap, and keeps it out of the evidence', async () => {
    // Prepare
    const records = [record('always', [[1]]), record('aks', [[3]]), record('follow_up', [[1]])];

    // Act
    const verdict = await evaluateVerdictRules(hypothesis, records, {}, ['aca']);

    // Assess
    expect(verdict).toMatchObject({ verdict: 'supported', summary: 'aks success, aca skipped', gaps: [] });
    expect(verdict.evidence).toEqual(['h:always', 'h:aks', 'h:follow_up']);
  });

  it('still reports a check that was neither run nor skipped as a gap', async () => {
    // Act
    const verdict = await evaluateVerdictRules(hypothesis, [record('always', [[1]]), record('aks', [[3]])], {}, ['aca']);

    // Assess
    expect(verdict.gaps).toEqual(['check follow_up (log_analytics_query) did not run']);
  });

  it('refuses a when that does not compile when the plan loads', () => {
    // Act
    const load = () =>
      parsePlanFile('bad.yaml', 'id: bad\ntitle: bad\nallowedTools: [log_analytics_query]\nhypotheses: [{ id: h, title: h, guidance: g, rootCauseCategory: other, checks: [{ id: c, tool: log_analytics_query, when: "checks.(" }], verdictRules: [{ when: "true", verdict: supported, confidence: 1, summary: s }] }]\n');

    // Assess
    expect(load).toThrow(/checks\[0\]\.when/);
  });
});
