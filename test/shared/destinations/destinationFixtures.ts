/** Shared inputs of the destination tests: an incident from each source, a report and messages. */
import { randomUUID } from 'node:crypto';
import { TableClient } from '@azure/data-tables';
import { IncidentSchema, type Incident } from '../../../shared/incident';
import { investigationReportSchema, type InvestigationReport } from '../../../shared/report';
import { ZERO_USAGE } from '../../../shared/llm/tokenUsage';
import { DeliveryLedger } from '../../../shared/destinations/deliveryLedger';
import { DeliveryMessageSchema, type DeliveryMessage, type DeliveryMessageInput } from '../../../shared/destinations/deliveryTypes';
import type { DestinationRuntime } from '../../../shared/destinations/destinationRuntime';

const ALERT_ID = '/subscriptions/5f1c9a3e-7b2d-4e8a-9c61-0d4f2b7a8e13/providers/Microsoft.AlertsManagement/alerts/8b2f6d41-93c7-4e05-a1d8-5c3e7f90b264';
const SYS_ID = '9d3f1a7c1b2e4610a8c4e7f2d05b3c91';
const PD_INCIDENT = 'Q1W8FZ3K2XJ9AB';

function incident(source: Incident['source'] = 'azure-monitor', overrides: Partial<Incident> = {}): Incident {
  const externalId = source === 'pagerduty' ? PD_INCIDENT : source === 'servicenow' ? SYS_ID : ALERT_ID;
  return IncidentSchema.parse({
    schemaVersion: 1,
    source,
    externalId,
    externalIds: source === 'azure-monitor' ? { alertId: ALERT_ID } : source === 'pagerduty' ? { incidentId: PD_INCIDENT } : { sysId: SYS_ID, number: 'INC0048213' },
    title: 'checkout-api-p95-latency-high',
    description: 'p95 latency above 1.5 s',
    severity: 'Sev1',
    sourceSeverity: 'Sev1',
    status: 'firing',
    firedAt: '2026-03-04T09:17:42Z',
    resolvedAt: null,
    resources: [
      { id: '/subscriptions/5f1c9a3e-7b2d-4e8a-9c61-0d4f2b7a8e13/resourcegroups/rg-shop-prod/providers/microsoft.web/sites/app-checkout-prod-weu', subscriptionId: '5f1c9a3e-7b2d-4e8a-9c61-0d4f2b7a8e13', resourceGroup: 'rg-shop-prod', provider: 'microsoft.web', type: 'microsoft.web/sites', name: 'app-checkout-prod-weu' },
    ],
    rule: { name: 'checkout-api-p95-latency-high', id: null },
    service: 'Checkout API',
    correlationId: 'azmon:8b2f6d41',
    signal: { type: 'Platform', details: {} },
    links: [],
    customProperties: {},
    dedupeKey: 'azure-monitor:8b2f6d41',
    groupKey: 'azure-monitor:checkout',
    investigationKey: 'inv-8b2f6d41',
    rawPayloadRef: null,
    ...overrides,
  });
}

function report(overrides: Partial<InvestigationReport> = {}): InvestigationReport {
  return investigationReportSchema.parse({
    schemaVersion: 1,
    investigationId: 'inv-8b2f6d41',
    incidentTitle: 'checkout-api-p95-latency-high',
    planId: 'http-latency',
    mode: 'review',
    modelUsed: false,
    summary: 'Latency rose right after release 2.5.0 of checkout-api; the previous release was healthy.',
    rootCause: 'Release 2.5.0 added a synchronous call to the pricing service',
    rootCauseCategory: 'bad_deployment',
    confidence: 0.82,
    evidence: [
      { toolCallId: 'deploy:c1', hypothesisId: 'deploy', tool: 'app_insights_query', query: 'AppRequests | summarize percentile(DurationMs, 95) by AppVersion', status: 'success', resultExcerpt: '2.5.0 p95 2850 ms; 2.4.9 p95 410 ms' },
    ],
    hypotheses: [{ hypothesisId: 'deploy', title: 'Bad release', rootCauseCategory: 'bad_deployment', verdict: 'supported', confidence: 0.82, summary: 'p95 jumped with 2.5.0', evidence: ['deploy:c1'] }],
    recommendedActions: [{ action: 'Roll back checkout-api to 2.4.9.', proposal: true }],
    gaps: [],
    timeline: [],
    usage: { ...ZERO_USAGE, unpricedModels: [] },
    timings: { startedAt: '2026-03-04T09:18:00Z', finishedAt: '2026-03-04T09:21:00Z', durationMs: 180000 },
    ...overrides,
  });
}

function message(input: Partial<DeliveryMessageInput> = {}): DeliveryMessage {
  return DeliveryMessageSchema.parse({
    schemaVersion: 1,
    kind: 'report',
    investigationId: `inv-${randomUUID().slice(0, 8)}`,
    incident: incident(),
    report: report(),
    links: { report: 'https://responder.example.com/api/investigations/inv-1/report', incident: 'https://portal.azure.com/#alert' },
    mode: 'review',
    planActions: {},
    ...input,
  });
}

/** A runtime with tiny backoff so retry tests take milliseconds; records the waits. */
function fastRuntime(overrides: Partial<DestinationRuntime> = {}): DestinationRuntime & { waits: number[] } {
  const waits: number[] = [];
  return {
    policy: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 2000, timeoutMs: 5000 },
    extraCa: [],
    allowTestHosts: true,
    sleep: (ms: number) => {
      waits.push(ms);
      return new Promise((resolve) => setTimeout(resolve, Math.min(ms, 20)));
    },
    waits,
    ...overrides,
  };
}

/** A ledger on Azurite, in a table of its own. */
function testLedger(): DeliveryLedger {
  const connectionString = process.env.TEST_STORAGE_CONNECTION_STRING;
  if (!connectionString) throw new Error('TEST_STORAGE_CONNECTION_STRING is not set (the Jest globalSetup starts Azurite)');
  return new DeliveryLedger(TableClient.fromConnectionString(connectionString, `Deliveries${randomUUID().replace(/-/g, '').slice(0, 12)}`, { allowInsecureConnection: true }));
}

export { incident, report, message, fastRuntime, testLedger, ALERT_ID, SYS_ID, PD_INCIDENT };
