import { IncidentSchema, type Incident } from '../../../../shared/incident';
import { azureMonitorSettings, createAzureMonitorAdapter, type IngestOutcome } from '../../../../shared/sources';
import { loadEventText } from '../loadEvent';

const SUB = '5f1c9a3e-7b2d-4e8a-9c61-0d4f2b7a8e13';
const adapter = createAzureMonitorAdapter(azureMonitorSettings.load({}));

async function parseFixture(name: string): Promise<IngestOutcome> {
  const outcomes = await adapter.parse({ url: 'https://app/api/ingest/azure-monitor', headers: {}, rawBody: loadEventText('azure-monitor', name) }, { rawPayloadRef: `raw/azure-monitor/${name}` });
  expect(outcomes).toHaveLength(1);
  return outcomes[0]!;
}

function incidentOf(outcome: IngestOutcome): Incident {
  if (outcome.kind !== 'incident' && outcome.kind !== 'resolve') throw new Error(`expected an incident outcome, got ${outcome.kind}`);
  return IncidentSchema.parse(outcome.incident);
}

async function rejection(name: string): Promise<{ status: number; paths: string[]; detail: string }> {
  const error = await adapter.parse({ url: 'u', headers: {}, rawBody: loadEventText('azure-monitor', name) }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  const problem = (error as { toProblem(): { status: number; detail: string; errors?: Array<{ path: string }> } }).toProblem();
  return { status: problem.status, paths: (problem.errors ?? []).map((e) => e.path), detail: problem.detail };
}

describe('Source: Azure Monitor', () => {
  it('parses a static metric alert into a firing incident with parsed resource, keys and links', async () => {
    // Act
    const outcome = await parseFixture('metric.json');
    const incident = incidentOf(outcome);
    // Assess
    expect(outcome.kind).toBe('incident');
    expect(incident).toMatchObject({
      source: 'azure-monitor',
      title: 'checkout-api-p95-latency-high on app-checkout-prod-weu',
      severity: 'Sev1',
      status: 'firing',
      firedAt: '2026-03-04T09:17:42.553Z',
      resolvedAt: null,
      correlationId: 'azmon:8b2f6d41-93c7-4e05-a1d8-5c3e7f90b264',
      dedupeKey: 'azure-monitor:8b2f6d41-93c7-4e05-a1d8-5c3e7f90b264:fired',
      customProperties: { team: 'payments', runbook: 'https://wiki.example.internal/runbooks/checkout-latency' },
      rawPayloadRef: 'raw/azure-monitor/metric.json',
      rule: { name: 'checkout-api-p95-latency-high', id: `/subscriptions/${SUB}/resourcegroups/rg-shop-prod/providers/microsoft.insights/metricalerts/checkout-api-p95-latency-high` },
    });
    expect(incident.resources[0]).toEqual({
      id: `/subscriptions/${SUB}/resourcegroups/rg-shop-prod/providers/microsoft.web/sites/app-checkout-prod-weu`,
      subscriptionId: SUB,
      resourceGroup: 'rg-shop-prod',
      provider: 'microsoft.web',
      type: 'microsoft.web/sites',
      name: 'app-checkout-prod-weu',
    });
    expect(incident.groupKey).toBe(`azure-monitor|rule=${incident.rule!.id}|resource=${incident.resources[0]!.id}`);
    expect(incident.investigationKey).toMatch(/^azure-monitor-[0-9a-f]{32}$/);
    expect(incident.links.map((l) => l.rel)).toEqual(['investigation']);
  });

  it('turns a resolved dynamic-threshold alert into a resolve in the same group as its firing alert would be', async () => {
    const incident = incidentOf(await parseFixture('metric-dynamic.json'));
    expect(incident.status).toBe('resolved');
    expect(incident.resolvedAt).toBe('2026-03-04T03:25:11.447Z');
    expect(incident.dedupeKey).toMatch(/:resolved$/);
    expect(incident.resources[0]).toMatchObject({ type: 'microsoft.sql/servers/databases', name: 'sql-orders-weu/ordersdb' });
    expect(incident.signal.details.family).toBe('metric');
  });

  it('reads availability-test alerts with a null metric namespace', async () => {
    const incident = incidentOf(await parseFixture('metric-availability.json'));
    expect(incident.severity).toBe('Sev0');
    expect(incident.resources.map((r) => r.type)).toEqual(['microsoft.insights/webtests', 'microsoft.insights/components']);
    expect(incident.description).toContain('Failed Location GreaterThan 2');
  });

  it('adds the _ResourceId dimension of a log v2 alert as a resource and links the filtered results', async () => {
    const incident = incidentOf(await parseFixture('log-v2.json'));
    expect(incident.resources.map((r) => r.type)).toEqual(['microsoft.operationalinsights/workspaces', 'microsoft.containerservice/managedclusters']);
    expect(incident.links.map((l) => l.rel)).toEqual(['query', 'query-api']);
    expect(incident.customProperties).toEqual({ owner: 'platform-team' });
  });

  it('parses legacy log v1 alerts with US-format times and keeps search results out of the details', async () => {
    const incident = incidentOf(await parseFixture('log-v1.json'));
    const context = incident.signal.details.alertContext as Record<string, unknown>;
    expect(context.SearchIntervalStartTimeUtc).toBe('2026-03-04T06:16:00.000Z');
    expect(context.SearchResults).toBeUndefined();
    expect(incident.severity).toBe('Sev1');
    expect(incident.rule).toEqual({ name: 'legacy-heartbeat-missing', id: null });
  });

  it.each([
    ['activity-administrative.json', 'Activity Log - Administrative', 'Sev3'],
    ['activity-policy.json', 'Activity Log - Policy', 'Sev3'],
    ['activity-autoscale.json', 'Activity Log - Autoscale', 'Sev3'],
    ['activity-security.json', 'Activity Log - Security', 'Sev1'],
    ['smart-detection.json', 'SmartDetector', 'Sev3'],
    ['prometheus.json', 'Prometheus', 'Sev3'],
  ])('parses %s as a firing %s incident', async (name, service, severity) => {
    const incident = incidentOf(await parseFixture(name));
    expect(incident.signal.type).toBe(service);
    expect(incident.severity).toBe(severity);
    expect(incident.status).toBe('firing');
    expect(incident.firedAt).toMatch(/^2026-03-04T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('reads service health with integer fields and impactedServices as a JSON string', async () => {
    const incident = incidentOf(await parseFixture('activity-servicehealth.json'));
    const context = incident.signal.details.alertContext as { properties: { impactedServices: Array<{ ServiceName: string }> }; level: number };
    expect(context.properties.impactedServices[0]!.ServiceName).toBe('Azure Cache for Redis');
    expect(context.level).toBe(3);
    expect(incident).toMatchObject({ title: 'Connectivity issues - Azure Cache for Redis - West Europe', service: 'Azure Cache for Redis', status: 'firing' });
    expect(incident.externalIds.trackingId).toBe('ZK4T-9QX');
    expect(incident.resources[0]).toMatchObject({ subscriptionId: SUB, resourceGroup: null });
  });

  it('reads service health with impactedServices as an array and resolves on the Resolved stage', async () => {
    const outcome = await parseFixture('activity-servicehealth-array-resolved.json');
    const incident = incidentOf(outcome);
    expect(outcome.kind).toBe('resolve');
    expect((incident.signal.details.alertContext as { properties: { impactedServices: unknown[] } }).properties.impactedServices).toHaveLength(1);
  });

  it('resolves the resource health investigation when the resource is Available again', async () => {
    // Act
    const down = incidentOf(await parseFixture('activity-resourcehealth.json'));
    const up = await parseFixture('activity-resourcehealth-recovered.json');
    // Assess
    expect(down.status).toBe('firing');
    expect(down.title).toBe('rh-prod-vms-unavailable: vm-worker-07 is Unavailable');
    expect(up.kind).toBe('resolve');
    expect(incidentOf(up).investigationKey).toBe(down.investigationKey);
    expect(incidentOf(up).resolvedAt).toBe('2026-03-04T15:31:02.114Z');
  });

  it('accepts a budget alert with null severity, rule and condition', async () => {
    const incident = incidentOf(await parseFixture('budget.json'));
    expect(incident).toMatchObject({ severity: 'Sev3', sourceSeverity: null, status: 'firing', rule: null, title: 'Budget budget-shop-prod threshold reached' });
    expect(incident.resources[0]).toMatchObject({ resourceGroup: 'rg-shop-prod', type: 'microsoft.resources/resourcegroups' });
  });

  it('accepts an unknown monitoringService with a generic context and reads alertRuleId in camel case', async () => {
    const incident = incidentOf(await parseFixture('unknown-monitoring-service.json'));
    expect(incident.signal).toMatchObject({ type: 'VM Insights - Health', details: { family: 'generic' } });
    expect(incident.rule?.id).toContain('/metricalerts/checkout-api-p95-latency-high');
  });

  it('rejects a non-common-schema body with a 400 that says to enable the common schema', async () => {
    const problem = await rejection('invalid-non-common-schema.json');
    expect(problem.status).toBe(400);
    expect(problem.detail).toContain('enable the common alert schema');
    expect(problem.paths).toEqual(['schemaId']);
  });

  it.each([
    ['invalid-missing-alert-id.json', 'data.essentials.alertId'],
    ['invalid-metric-context.json', 'data.alertContext.condition.allOf[0].metricName'],
    ['invalid-log-v1-time.json', 'data.alertContext.SearchIntervalStartTimeUtc'],
    ['invalid-malformed.json', ''],
  ])('rejects %s with a 400 naming %p', async (name, path) => {
    const problem = await rejection(name);
    expect(problem.status).toBe(400);
    expect(problem.paths).toContain(path);
  });

  it('needs no credentials beyond the function key by default', async () => {
    await expect(adapter.authenticate({ url: 'u', headers: {}, rawBody: '{}' })).resolves.toBeUndefined();
  });
});
