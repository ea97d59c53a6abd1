import { gunzipSync } from 'node:zlib';
import type { ToolCallRecord } from '../../../shared/agent/toolCallRecord';
import { enrichReport, type ReportEnrichment } from '../../../shared/report/enrichReport';
import { renderReportMarkdown } from '../../../shared/report/renderReportMarkdown';
import { investigationReportSchema } from '../../../shared/report/reportSchema';
import { synthesizeDeterministicReport } from '../../../shared/report/synthesizeDeterministicReport';
import type { ResolvedTarget } from '../../../shared/targets/resolvedTarget';
import { pagerDutyIncident } from '../targets/targetFixtures';
import { context, verdict } from './reportFixtures';

const RG = '/subscriptions/5f1c9a3e-7b2d-4e8a-9c61-0d4f2b7a8e13/resourceGroups/rg-shop-prod';
const APP = `${RG.toLowerCase()}/providers/microsoft.app/containerapps/ca-orders-api`;
const COMPONENT = `${RG}/providers/Microsoft.Insights/components/appi-shop-prod`;
const WORKSPACE = `${RG}/providers/Microsoft.OperationalInsights/workspaces/law-shop-prod`;

/** A KQL tool call record shaped as the log tools return it (`{tables:[{columns,rows}]}`). */
function kqlCall(id: string, tool: string, args: Record<string, unknown>, query: string, columns: string[], rows: unknown[][]): ToolCallRecord {
  return {
    schemaVersion: 1,
    id,
    hypothesisId: id.split(':')[0]!,
    tool,
    arguments: { ...args, query },
    result: {
      schemaVersion: 1,
      tool,
      status: 'success',
      invocation: query,
      timeRange: { start: '2026-03-04T14:00:00.000Z', end: '2026-03-04T15:05:00.000Z' },
      data: { tables: [{ name: 'PrimaryResult', columns: columns.map((name) => ({ name, type: 'string' })), rows }], totalRows: rows.length },
      summary: `${rows.length} rows`,
      durationMs: 5,
    },
  };
}

/** What the bad-deployment plan's checks return for a Container Apps release 2.5.0 that replaced 2.4.1. */
const calls: ToolCallRecord[] = [
  kqlCall('deploy:versions', 'app_insights_query', { component: 'appi-shop-prod' }, 'AppRequests | summarize failed = countif(toint(ResultCode) >= 500), firstFailure = minif(TimeGenerated, toint(ResultCode) >= 500) by AppVersion', ['AppVersion', 'failed', 'failRate', 'firstSeen', 'firstFailure'], [
    ['2.5.0', 380, 0.31, '2026-03-04T14:31:10Z', '2026-03-04T14:32:04Z'],
    ['2.4.1', 0, 0, '2026-03-04T14:00:02Z', null],
  ]),
  kqlCall('deploy:activity', 'log_analytics_query', { workspace: 'law-shop-prod' }, 'AzureActivity | where OperationNameValue endswith "/WRITE"', ['OperationNameValue', '_ResourceId', 'writes', 'lastWrite'], [
    ['MICROSOFT.APP/CONTAINERAPPS/WRITE', APP, 1, '2026-03-04T14:28:40Z'],
  ]),
  kqlCall('deploy:revisions', 'log_analytics_query', { workspace: 'law-shop-prod' }, 'ContainerAppSystemLogs_CL | where Reason_s in ("RevisionCreation")', ['TimeGenerated', 'ContainerAppName_s', 'RevisionName_s', 'Reason_s', 'Log_s', '_ResourceId'], [
    ['2026-03-04T14:29:00Z', 'ca-orders-api', 'ca-orders-api--v250', 'RevisionCreation', 'Creating new revision ca-orders-api--v250', APP],
    ['2026-03-04T14:31:00Z', 'ca-orders-api', 'ca-orders-api--v250', 'TrafficWeightUpdated', "Setting traffic weight of '100%' for revision 'ca-orders-api--v250'", APP],
    ['2026-03-04T14:31:40Z', 'ca-orders-api', 'ca-orders-api--v241', 'RevisionDeactivating', 'Deactivating old revision ca-orders-api--v241', APP],
    ['2026-03-04T14:50:00Z', 'ca-orders-api', 'ca-orders-api--v241', 'TrafficWeightUpdated', "Setting traffic weight of '100%' for revision 'ca-orders-api--v241'", APP],
  ]),
];

const resolved: ResolvedTarget = {
  status: 'resolved',
  method: 'catalog',
  service: 'orders-api',
  matchedBy: 'service name orders-api',
  resources: [{ id: APP, how: 'catalog service orders-api' }],
  workspace: { name: 'law-shop-prod', how: 'catalog service orders-api' },
  appInsights: { name: 'appi-shop-prod', how: 'catalog service orders-api' },
  roleNames: ['orders-api'],
  gaps: [],
};

function inputs(overrides: Partial<ReportEnrichment> = {}): ReportEnrichment {
  const incident = { ...pagerDutyIncident(), firedAt: '2026-03-04T14:41:00.000Z', rule: { name: 'orders-api-5xx', id: null } };
  return { incident, target: resolved, toolCalls: calls, links: { workspaces: { 'law-shop-prod': WORKSPACE }, components: { 'appi-shop-prod': COMPONENT } }, unknownTargetMaxConfidence: 0.3, ...overrides };
}

const deterministic = () =>
  synthesizeDeterministicReport({ ...context, toolCalls: calls, verdicts: [verdict('deploy', 'supported', 0.85, calls.map((c) => c.id))] });

describe('enrichReport', () => {
  it("builds the incident's own timeline from the evidence: the release, the first error, the alert, the rollback after it", () => {
    // Act
    const report = enrichReport(deterministic(), inputs());

    // Assess
    expect(investigationReportSchema.safeParse(report).success).toBe(true);
    expect(report.incidentTimeline?.map((e) => [e.at.slice(11, 16), e.kind, e.toolCallId ?? null])).toEqual([
      ['14:28', 'change', 'deploy:activity'],
      ['14:29', 'change', 'deploy:revisions'],
      ['14:31', 'change', 'deploy:revisions'],
      ['14:31', 'change', 'deploy:revisions'],
      ['14:32', 'first-error', 'deploy:versions'],
      ['14:41', 'alert', null],
      ['14:50', 'mitigation', 'deploy:revisions'],
    ]);
    expect(report.incidentTimeline?.find((e) => e.kind === 'first-error')?.event).toBe('first failed request of version 2.5.0 (380 failed in the window)');
    expect(report.incidentTimeline?.find((e) => e.kind === 'alert')?.event).toBe('alert fired: orders-api-5xx');
  });

  it('turns "roll back to the previous revision" into the rollback the evidence names', () => {
    // Act
    const report = enrichReport(deterministic(), inputs());

    // Assess
    expect(report.recommendedActions[0]).toEqual({
      action:
        'Roll back `ca-orders-api` to revision `ca-orders-api--v241` (version 2.4.1), moving all traffic off `ca-orders-api--v250` (2.5.0): ' +
        '`az containerapp ingress traffic set -n ca-orders-api -g rg-shop-prod --revision-weight ca-orders-api--v241=100`',
      rationale: 'deploy is supported; the previous revision is from evidence `deploy:versions`, `deploy:activity`, `deploy:revisions`',
      proposal: true,
    });
    expect(report.recommendedActions).toHaveLength(1);
  });

  it('keeps generic advice when the evidence does not name a previous version', () => {
    // Act
    const report = enrichReport(deterministic(), inputs({ toolCalls: [] }));

    // Assess
    expect(report.recommendedActions[0]?.action).toBe('Roll back to the previous revision.');
  });

  it('links KQL evidence to the query in the Logs blade of its component or workspace, and to the resource', () => {
    // Act
    const report = enrichReport(deterministic(), inputs());

    // Assess
    const links = report.evidence.find((item) => item.toolCallId === 'deploy:versions')?.links ?? [];
    expect(links.map((link) => link.rel)).toEqual(['query', 'resource']);
    const match = /^https:\/\/portal\.azure\.com\/#blade\/Microsoft_Azure_Monitoring_Logs\/LogsBlade\/resourceId\/([^/]+)\/source\/LogsBlade\.AnalyticsShareLinkToQuery\/q\/([^/]+)\/timespan\/PT65M$/.exec(links[0]!.url);
    expect(match).not.toBeNull();
    expect(decodeURIComponent(match![1]!)).toBe(COMPONENT);
    const query = gunzipSync(Buffer.from(decodeURIComponent(decodeURIComponent(match![2]!)), 'base64')).toString('utf8');
    expect(query).toBe(calls[0]!.result.invocation);
    expect(links[1]!.url).toBe(`https://portal.azure.com/#@/resource${COMPONENT}`);
    const workspaceLink = report.evidence.find((item) => item.toolCallId === 'deploy:activity')?.links?.[0]?.url;
    expect(decodeURIComponent(/resourceId\/([^/]+)/.exec(workspaceLink ?? '')![1]!)).toBe(WORKSPACE);
    const withTenant = enrichReport(deterministic(), inputs({ links: { tenant: 'contoso.onmicrosoft.com', workspaces: {}, components: { 'appi-shop-prod': COMPONENT } } }));
    expect(withTenant.evidence[0]?.links?.[0]?.url).toMatch(/^https:\/\/portal\.azure\.com\/#@contoso\.onmicrosoft\.com\/blade\/Microsoft_Azure_Monitoring_Logs\/LogsBlade\//);
  });

  it('caps the confidence of a report whose target is unknown, and says so', () => {
    // Prepare
    const unknown: ResolvedTarget = { ...resolved, status: 'unknown', method: 'unknown', service: null, matchedBy: null, resources: [], workspace: null, appInsights: null, roleNames: [], gaps: ['target unknown: ...'] };

    // Act
    const report = enrichReport(deterministic(), inputs({ target: unknown }));
    const uncapped = enrichReport(deterministic(), inputs()).confidence;

    // Assess: the evidence alone gives more than the cap, which then applies
    expect(uncapped).toBeGreaterThan(0.3);
    expect(report.confidence).toBe(0.3);
    expect(report.gaps).toContain(`confidence capped at 0.3 (was ${uncapped}): the target is unknown, so the evidence may describe another service`);
    const markdown = renderReportMarkdown(report);
    expect(markdown).toContain('## Target\n\n**Target unknown.**');
  });

  it('renders the target, the incident timeline and the evidence links in Markdown', () => {
    // Act
    const markdown = renderReportMarkdown(enrichReport(deterministic(), inputs()));

    // Assess
    expect(markdown).toContain('Resolved from the service catalog: service `orders-api` (matched by service name orders-api).');
    expect(markdown).toContain('- App Insights component: `appi-shop-prod` (catalog service orders-api)');
    expect(markdown).toContain('## Timeline\n\n- 2026-03-04T14:28:40.000Z **change**: MICROSOFT.APP/CONTAINERAPPS/WRITE on ca-orders-api (evidence `deploy:activity`)');
    expect(markdown).toContain('- 2026-03-04T14:41:00.000Z **alert**: alert fired: orders-api-5xx');
    expect(markdown).toMatch(/Links: \[Open the query in Log Analytics \(App Insights component appi-shop-prod\)\]\(https:\/\/portal\.azure\.com\/#blade\//);
    expect(markdown).toContain('## Investigation steps');
  });
});
