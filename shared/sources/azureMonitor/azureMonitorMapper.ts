import {
  DEFAULT_SEVERITY,
  buildIncident,
  keySegment,
  parseArmResourceIds,
  type GroupKeyField,
  type Incident,
  type IncidentLink,
  type IncidentStatus,
} from '../../incident';
import type { IngestOutcome } from '../sourceAdapter';
import type { AlertContext } from './alertContextSchemas';
import type { AzureMonitorCommonAlert } from './azureMonitorSchema';

/** What the mapper needs besides the payload. */
interface AzureMonitorMapOptions {
  groupKeyFields: readonly GroupKeyField[];
  rawPayloadRef?: string | null;
}

const HEALTHY = new Set(['available']);
const RESOLVED_STAGES = new Set(['resolved', 'rca', 'complete']);

/** Status from the condition, and from the context for stateless alerts whose recovery is another `Fired` alert. */
function statusOf(alert: AzureMonitorCommonAlert, context: AlertContext): IncidentStatus {
  if (alert.data.essentials.monitorCondition === 'Resolved') return 'resolved';
  if (context.family === 'resourceHealth' && HEALTHY.has(context.context.properties.currentHealthStatus.toLowerCase())) return 'resolved';
  if (context.family === 'serviceHealth' && RESOLVED_STAGES.has((context.context.properties.stage ?? '').toLowerCase())) return 'resolved';
  return 'firing';
}

/** Resources: the alert targets first (the rule's scope), then ARM ids found in the context. */
function resourcesOf(alert: AzureMonitorCommonAlert, context: AlertContext) {
  const { essentials } = alert.data;
  const extra: Array<string | null | undefined> = [...(essentials.configurationItems ?? [])];
  if (context.family === 'logV2') {
    for (const criterion of context.context.condition.allOf) {
      for (const dimension of criterion.dimensions ?? []) {
        if (['_ResourceId', 'ResourceId', 'Resource'].includes(dimension.name)) extra.push(dimension.value);
      }
    }
  }
  if (context.family === 'activityLog') extra.push(context.context.authorization?.scope);
  if (context.family === 'budget') extra.push(context.context.AlertData.Scope);
  return parseArmResourceIds([...(essentials.alertTargetIDs ?? []), ...extra]);
}

function titleOf(alert: AzureMonitorCommonAlert, context: AlertContext, resourceName: string | undefined): string {
  const { essentials } = alert.data;
  if (context.family === 'serviceHealth') return context.context.properties.title;
  if (context.family === 'budget') return `Budget ${context.context.AlertData.BudgetName ?? essentials.alertRule ?? 'alert'} threshold reached`;
  const rule = essentials.alertRule ?? essentials.monitoringService;
  if (context.family === 'resourceHealth') return `${rule}: ${resourceName ?? 'resource'} is ${context.context.properties.currentHealthStatus}`;
  return resourceName ? `${rule} on ${resourceName}` : rule;
}

function contextSummary(context: AlertContext): string {
  switch (context.family) {
    case 'metric':
    case 'logV2':
      return context.context.condition.allOf
        .map((c) => {
          const name = 'metricName' in c ? c.metricName : c.searchQuery;
          return `${name ?? 'query'} ${c.operator ?? ''} ${c.threshold ?? ''} (value ${c.metricValue ?? 'n/a'})`.replace(/\s+/g, ' ');
        })
        .join('; ');
    case 'logV1':
      return `${context.context.AlertType ?? 'Log alert'}: ${context.context.ResultCount ?? 0} results for ${context.context.SearchQuery}`;
    case 'serviceHealth':
      return (context.context.properties.communication ?? '').replace(/<[^>]*>/g, '').trim();
    case 'resourceHealth':
      return context.context.properties.title;
    case 'smartDetection':
      return context.context.DetectionSummary ?? '';
    case 'prometheus':
      return context.context.annotations?.description ?? context.context.annotations?.summary ?? context.context.expression;
    case 'budget':
      return `Spent ${context.context.AlertData.SpentAmount ?? '?'} of ${context.context.AlertData.BudgetThreshold ?? '?'}`;
    case 'activityLog':
      return `${context.context.operationName} ${context.context.status ?? ''} by ${context.context.caller ?? 'unknown caller'}`.trim();
    case 'generic':
      return '';
  }
}

function linksOf(alert: AzureMonitorCommonAlert, context: AlertContext): IncidentLink[] {
  const links: IncidentLink[] = [];
  const add = (rel: string, url: string | null | undefined, title: string): void => {
    if (typeof url === 'string' && /^https:\/\//i.test(url)) links.push({ rel, url, title });
  };
  add('investigation', alert.data.essentials.investigationLink, 'Azure Monitor alert investigation');
  if (context.family === 'logV2') {
    const first = context.context.condition.allOf[0];
    add('query', first?.linkToFilteredSearchResultsUI, 'Filtered log search results');
    add('query-api', first?.linkToFilteredSearchResultsAPI, 'Filtered log search results (API)');
  }
  if (context.family === 'logV1') {
    add('query', context.context.LinkToFilteredSearchResultsUI, 'Filtered log search results');
    add('query-api', context.context.LinkToFilteredSearchResultsAPI, 'Filtered log search results (API)');
  }
  return links;
}

function stringRecord(value: Record<string, unknown> | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value ?? {})) {
    if (item === null || item === undefined) continue;
    out[key] = typeof item === 'string' ? item : JSON.stringify(item);
  }
  return out;
}

/** The context minus bulky parts (legacy log search results can be most of a 256 KB payload). */
function detailsOf(alert: AzureMonitorCommonAlert, context: AlertContext): Record<string, unknown> {
  const { essentials } = alert.data;
  const { SearchResults: _dropped, ...rest } = context.context as Record<string, unknown>;
  return {
    family: context.family,
    signalType: essentials.signalType ?? null,
    monitorCondition: essentials.monitorCondition ?? null,
    configurationItems: essentials.configurationItems ?? [],
    alertContext: rest,
  };
}

/**
 * Maps a validated common-schema alert to an outcome: `incident` when firing, `resolve` when
 * resolved (including resource-health recovery and service-health `Resolved` stages, which
 * arrive as new `Fired` alerts). The dedupe key is alert id + condition, as Azure may deliver
 * the same alert once per action group.
 */
function mapAzureMonitorAlert(alert: AzureMonitorCommonAlert, context: AlertContext, options: AzureMonitorMapOptions): IngestOutcome {
  const { essentials, customProperties } = alert.data;
  const resources = resourcesOf(alert, context);
  const status = statusOf(alert, context);
  const alertGuid = essentials.alertId.split('/').filter((part) => part !== '').pop() ?? essentials.alertId;
  const ruleId = essentials.alertRuleID ?? essentials.alertRuleId ?? (context.family === 'prometheus' ? context.context.ruleGroup : null);
  const primary = resources[0];
  const resourceName = primary && primary.provider !== null ? primary.name : (essentials.configurationItems?.[0] ?? undefined);
  const condition = essentials.monitorCondition ?? 'Fired';
  const resolvedAt =
    status !== 'resolved'
      ? null
      : (essentials.resolvedDateTime ?? (context.family === 'resourceHealth' || context.family === 'serviceHealth' ? context.context.eventTimestamp : essentials.firedDateTime));
  const propertiesFromContext = context.family === 'metric' || context.family === 'logV2' ? context.context.properties : null;
  const custom = stringRecord(customProperties ?? propertiesFromContext);
  const externalIds: Record<string, string> = { alertId: essentials.alertId };
  if (essentials.originAlertId) externalIds.originAlertId = essentials.originAlertId;
  if (context.family === 'serviceHealth') externalIds.trackingId = context.context.properties.trackingId;
  const description = [essentials.description ?? '', contextSummary(context)].filter((part) => part.trim() !== '').join('\n\n');

  const incident: Incident = buildIncident(
    {
      source: 'azure-monitor',
      externalId: essentials.alertId,
      externalIds,
      title: titleOf(alert, context, resourceName),
      description,
      severity: essentials.severity ?? DEFAULT_SEVERITY,
      sourceSeverity: essentials.severity ?? null,
      status,
      firedAt: essentials.firedDateTime,
      resolvedAt,
      resources,
      rule: essentials.alertRule || ruleId ? { name: essentials.alertRule ?? essentials.monitoringService, id: ruleId ? ruleId.toLowerCase() : null } : null,
      service: context.family === 'serviceHealth' ? (context.context.properties.service ?? null) : (custom.service ?? null),
      correlationId: `azmon:${alertGuid.toLowerCase()}`,
      signal: { type: essentials.monitoringService, details: detailsOf(alert, context) },
      links: linksOf(alert, context),
      customProperties: custom,
      dedupeKey: `azure-monitor:${keySegment(alertGuid)}:${status === 'resolved' ? 'resolved' : condition.toLowerCase()}`,
    },
    options,
  );
  return status === 'resolved'
    ? { kind: 'resolve', deliveryId: incident.dedupeKey, incident }
    : { kind: 'incident', deliveryId: incident.dedupeKey, incident };
}

export { mapAzureMonitorAlert };
export type { AzureMonitorMapOptions };
