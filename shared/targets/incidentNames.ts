import type { Incident } from '../incident';

/** What an incident calls the thing it is about, by source, for matching a catalog or Resource Graph. */
interface IncidentNames {
  /** Service, configuration item and application names (trimmed, distinct, in order of trust). */
  names: string[];
  /** PagerDuty service id of a PagerDuty incident. */
  pagerDutyServiceId: string | null;
  /** ServiceNow `cmdb_ci` and `business_service` display names of a ServiceNow incident. */
  serviceNowCis: string[];
}

const NAME_PROPERTIES = ['service', 'cmdb_ci', 'business_service', 'app', 'application'] as const;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * The names the incident gives: its `service`, the `service`/`cmdb_ci`/`business_service`/`app`
 * custom properties, and Azure Monitor configuration items that are not ARM ids. These are
 * untrusted text, only ever compared with the catalog or quoted into a Resource Graph filter.
 */
function incidentNames(incident: Incident): IncidentNames {
  const custom = incident.customProperties;
  const details = incident.signal.details;
  const items = Array.isArray(details.configurationItems) ? details.configurationItems : [];
  const names = [text(incident.service), ...NAME_PROPERTIES.map((key) => text(custom[key])), ...items.map(text).filter((item) => item && !item.startsWith('/'))];
  const service = details.service as { id?: unknown } | null | undefined;
  return {
    names: [...new Set(names.filter((name): name is string => name !== undefined))],
    pagerDutyServiceId: incident.source === 'pagerduty' ? (text(service?.id) ?? null) : null,
    serviceNowCis: incident.source === 'servicenow' ? [text(custom.cmdb_ci), text(custom.business_service)].filter((name): name is string => name !== undefined) : [],
  };
}

export { incidentNames };
export type { IncidentNames };
