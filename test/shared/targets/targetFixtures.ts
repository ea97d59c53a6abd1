/** Incidents from the vendor fixtures, mapped by the real mappers, and the telemetry lists of the bundled scenarios. */
import type { Incident } from '../../../shared/incident';
import { mapPagerDutyEvent } from '../../../shared/sources/pagerDuty/pagerDutyMapper';
import { PagerDutyWebhookSchema } from '../../../shared/sources/pagerDuty/pagerDutySchema';
import { mapServiceNowEvent } from '../../../shared/sources/serviceNow/serviceNowMapper';
import { ServiceNowIncidentEventSchema } from '../../../shared/sources/serviceNow/serviceNowSchema';
import type { TelemetryLists } from '../../../shared/targets/telemetryForResources';
import { loadEvent } from '../sources/loadEvent';

const SUB = '/subscriptions/5f1c9a3e-7b2d-4e8a-9c61-0d4f2b7a8e13/resourceGroups';

/** Several services' telemetry, the shop's first: a blind "first configured" choice would pick law-shop-prod / appi-shop-prod. */
const TELEMETRY: TelemetryLists = {
  TELEMETRY_WORKSPACES: {
    'law-shop-prod': '3b8f1c2d-6e4a-4f7b-9c1d-2a5e8f0b4c61',
    'law-inventory-prod': '4c9a2d3e-7f5b-4a8c-8d2e-3b6f9a1c5d72',
    'law-checkout-prod': '6e2c4f5a-9b7d-4c1e-8f4a-5d8b1c3e7f94',
  },
  TELEMETRY_APP_INSIGHTS: {
    'appi-shop-prod': `${SUB}/rg-shop-prod/providers/Microsoft.Insights/components/appi-shop-prod`,
    'appi-inventory-prod': `${SUB}/rg-inventory-prod/providers/Microsoft.Insights/components/appi-inventory-prod`,
    'appi-checkout-prod': `${SUB}/rg-shop-prod/providers/Microsoft.Insights/components/appi-checkout-prod`,
  },
  TELEMETRY_APP_INSIGHTS_WORKSPACES: { 'appi-shop-prod': 'law-shop-prod', 'appi-inventory-prod': 'law-inventory-prod', 'appi-checkout-prod': 'law-checkout-prod' },
};

/** The PagerDuty `incident.triggered` fixture (service PX7KQ2M, "Checkout API (prod)"), optionally changed first. */
function pagerDutyIncident(change: (data: Record<string, unknown>) => void = () => {}): Incident {
  const body = loadEvent<{ event: { data: Record<string, unknown> } }>('pagerduty', 'incident-triggered.json');
  change(body.event.data);
  const outcome = mapPagerDutyEvent(PagerDutyWebhookSchema.parse(body), { deliveryId: 'delivery-1' });
  if (outcome.kind !== 'incident') throw new Error('the PagerDuty fixture is not an incident');
  return outcome.incident;
}

/** The ServiceNow `incident.created` fixture with the given CI (display name) and no business service. */
function serviceNowIncident(cmdbCi: string): Incident {
  const body = loadEvent<Record<string, unknown>>('servicenow', 'incident-created.json');
  delete body.business_service_display;
  body.cmdb_ci = '5a3c9e1f7b2d4c6e8f0a1b2c3d4e5f60';
  body.cmdb_ci_display = cmdbCi;
  body.short_description = `${cmdbCi} errors above SLO`;
  const outcome = mapServiceNowEvent(ServiceNowIncidentEventSchema.parse(body), { groupKeyFields: ['externalId'] });
  if (outcome.kind !== 'incident') throw new Error('the ServiceNow fixture is not an incident');
  return outcome.incident;
}

export { TELEMETRY, pagerDutyIncident, serviceNowIncident };
