import { gzipSync } from 'node:zlib';
import type { ToolCallRecord } from '../agent/toolCallRecord';
import type { ReportLink } from './reportSchema';

/** What links need: the tenant, and the ARM ids behind the workspace and component names the tools take. */
interface PortalLinkSettings {
  tenant?: string;
  /** TELEMETRY_WORKSPACE_RESOURCE_IDS: workspace name → ARM id. */
  workspaces: Readonly<Record<string, string>>;
  /** TELEMETRY_APP_INSIGHTS: component name → ARM id. */
  components: Readonly<Record<string, string>>;
}

const PORTAL = 'https://portal.azure.com';

/** The resource in the Azure portal: `https://portal.azure.com/#@{tenant}/resource{armId}`. */
function portalResourceUrl(armId: string, tenant?: string): string {
  return `${PORTAL}/#@${tenant ?? ''}/resource${armId}`;
}

/**
 * A Logs blade link that opens `query` on `resourceId`, the form the portal's "Copy link to
 * query" produces: `#@{tenant}/blade/Microsoft_Azure_Monitoring_Logs/LogsBlade/resourceId/
 * {resourceId}/source/LogsBlade.AnalyticsShareLinkToQuery/q/{query}/timespan/{ISO duration}`,
 * the query gzipped, base64-encoded and then URL-encoded twice (as portal-generated links are).
 * The time span is a duration ending when the link is opened: the evidence's exact range is in
 * the report next to it.
 */
function logsQueryUrl(resourceId: string, query: string, options: { tenant?: string; timespan?: string } = {}): string {
  const encoded = encodeURIComponent(encodeURIComponent(gzipSync(Buffer.from(query, 'utf8')).toString('base64')));
  const tenant = options.tenant ? `#@${options.tenant}/` : '#';
  const timespan = options.timespan ? `/timespan/${options.timespan}` : '';
  return `${PORTAL}/${tenant}blade/Microsoft_Azure_Monitoring_Logs/LogsBlade/resourceId/${encodeURIComponent(resourceId)}/source/LogsBlade.AnalyticsShareLinkToQuery/q/${encoded}${timespan}`;
}

/** `PT{minutes}M` covering a time range, or `undefined` without one. */
function durationOf(range: { start: string; end: string } | undefined): string | undefined {
  if (!range) return undefined;
  const ms = Date.parse(range.end) - Date.parse(range.start);
  return Number.isFinite(ms) && ms > 0 ? `PT${Math.ceil(ms / 60_000)}M` : undefined;
}

/**
 * Links of one piece of evidence: KQL on a workspace or component opens in the Logs blade of
 * that resource, and the resource itself; a metrics query links the resource it read.
 */
function evidenceLinks(record: ToolCallRecord, settings: PortalLinkSettings): ReportLink[] {
  const name = (key: string): string | undefined => (typeof record.arguments[key] === 'string' ? (record.arguments[key] as string) : undefined);
  const tenant = settings.tenant;
  let scope: { armId: string; title: string } | undefined;
  if (record.tool === 'app_insights_query') {
    const component = name('component');
    const armId = component ? settings.components[component] : undefined;
    if (armId) scope = { armId, title: `App Insights component ${component}` };
  } else if (record.tool === 'log_analytics_query') {
    const workspace = name('workspace');
    const armId = workspace ? settings.workspaces[workspace] : undefined;
    if (armId) scope = { armId, title: `workspace ${workspace}` };
  } else if (record.tool === 'metrics_query') {
    const armId = name('resourceId');
    return armId?.startsWith('/subscriptions/') ? [{ rel: 'resource', title: `${armId.split('/').pop()} in the Azure portal`, url: portalResourceUrl(armId, tenant) }] : [];
  }
  if (!scope) return [];
  const timespan = durationOf(record.result.timeRange);
  return [
    { rel: 'query', title: `Open the query in Log Analytics (${scope.title})`, url: logsQueryUrl(scope.armId, record.result.invocation, { ...(tenant ? { tenant } : {}), ...(timespan ? { timespan } : {}) }) },
    { rel: 'resource', title: `${scope.title} in the Azure portal`, url: portalResourceUrl(scope.armId, tenant) },
  ];
}

export { evidenceLinks, logsQueryUrl, portalResourceUrl };
export type { PortalLinkSettings };
