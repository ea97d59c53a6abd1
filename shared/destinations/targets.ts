import type { DeliveryMessage } from './deliveryTypes';

/** The PagerDuty incident to write to: explicit target, else the incident's own id when it came from PagerDuty. */
function pagerDutyIncidentOf(message: DeliveryMessage): string | undefined {
  if (message.targets.pagerDutyIncidentId) return message.targets.pagerDutyIncidentId;
  const incident = message.incident;
  return incident.source === 'pagerduty' ? (incident.externalIds.incidentId ?? incident.externalId) : incident.externalIds.pagerDutyIncidentId;
}

/** The ServiceNow incident sys_id, same rule. */
function serviceNowSysIdOf(message: DeliveryMessage): string | undefined {
  if (message.targets.serviceNowSysId) return message.targets.serviceNowSysId;
  const incident = message.incident;
  const id = incident.source === 'servicenow' ? (incident.externalIds.sysId ?? incident.externalId) : incident.externalIds.serviceNowSysId;
  return id && /^[0-9a-f]{32}$/.test(id) ? id : undefined;
}

/** The Azure Monitor alert id (`/subscriptions/…/providers/Microsoft.AlertsManagement/alerts/<guid>`), same rule. */
function azureAlertIdOf(message: DeliveryMessage): string | undefined {
  if (message.targets.azureAlertId) return message.targets.azureAlertId;
  const incident = message.incident;
  return incident.source === 'azure-monitor' ? (incident.externalIds.alertId ?? incident.externalId) : incident.externalIds.azureAlertId;
}

export { pagerDutyIncidentOf, serviceNowSysIdOf, azureAlertIdOf };
