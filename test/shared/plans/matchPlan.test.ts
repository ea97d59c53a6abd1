import { matchPlan, type MatchableIncident } from '../../../shared/plans/matchPlan';
import { parsePlanFile } from '../../../shared/plans/parsePlanFile';
import type { Plan } from '../../../shared/plans/planSchema';
import { IncidentSchema } from '../../../shared/incident';

function plan(id: string, match: string, priority = 0): Plan {
  return parsePlanFile(
    `${id}.yaml`,
    `id: ${id}\ntitle: ${id}\npriority: ${priority}\nmatch: ${match}\nhypotheses:\n  - { id: h, title: h, guidance: g, rootCauseCategory: bad_deployment }\n`,
  );
}

const incident: MatchableIncident = {
  source: 'azure-monitor',
  title: 'orders-api returns HTTP 500 after release 2.5.0',
  severity: 'Sev1',
  status: 'active',
  service: 'orders-api',
  resources: [
    { id: '/subscriptions/s/resourceGroups/rg-shop-prod/providers/Microsoft.App/containerApps/ca-orders-api', subscriptionId: 's', resourceGroup: 'rg-shop-prod', type: 'Microsoft.App/containerApps', name: 'ca-orders-api' },
  ],
  monitorCondition: 'Fired',
};

describe('matchPlan', () => {
  it('prefers the plan with more matching filters over a higher priority', () => {
    // Prepare
    const plans = [
      plan('default', '{}'),
      plan('broad', '{ source: azure-monitor }', 100),
      plan('specific', '{ source: azure-monitor, titleContains: "http 500", severity: [Sev0, Sev1] }'),
    ];

    // Act
    const result = matchPlan(plans, incident);

    // Assess
    expect(result?.plan.id).toBe('specific');
    expect(result?.specificity).toBe(3);
    expect(result?.matchedFilters).toEqual(['source', 'severity', 'titleContains']);
  });

  it('breaks ties by priority, then by id', () => {
    // Prepare
    const plans = [plan('b-plan', '{ service: ORDERS-API }', 5), plan('a-plan', '{ service: orders-api }', 5), plan('c-plan', '{ service: orders-api }', 1)];

    // Act
    const result = matchPlan(plans, incident);

    // Assess
    expect(result?.plan.id).toBe('a-plan');
  });

  it('skips a plan when any one of its filters fails', () => {
    // Prepare
    const plans = [plan('default', '{}'), plan('vpn', '{ source: azure-monitor, resourceType: Microsoft.Network/connections }')];

    // Act
    const result = matchPlan(plans, incident);

    // Assess
    expect(result?.plan.id).toBe('default');
    expect(result?.specificity).toBe(0);
  });

  it('matches severity ranges by number, Sev0 being the most severe', () => {
    // Prepare
    const plans = [plan('sev-0-to-1', '{ severity: { min: Sev0, max: Sev1 } }'), plan('sev-2-up', '{ severity: { min: Sev2 } }')];

    // Act
    const high = matchPlan(plans, incident);
    const low = matchPlan(plans, { ...incident, severity: 'Sev3' });

    // Assess
    expect(high?.plan.id).toBe('sev-0-to-1');
    expect(low?.plan.id).toBe('sev-2-up');
  });

  it('matches title regex, resource group and monitor condition case-insensitively', () => {
    // Prepare
    const plans = [plan('x', '{ titleRegex: "RELEASE \\\\d", resourceGroup: RG-SHOP-PROD, monitorCondition: Fired }')];

    // Act
    const fired = matchPlan(plans, incident);
    const resolved = matchPlan(plans, { ...incident, monitorCondition: 'Resolved' });

    // Assess
    expect(fired?.plan.id).toBe('x');
    expect(resolved).toBeUndefined();
  });

  it('returns undefined when nothing matches and no catch-all plan exists', () => {
    // Act
    const result = matchPlan([plan('only-pagerduty', '{ source: pagerduty }')], incident);

    // Assess
    expect(result).toBeUndefined();
  });

  it('matches a normalised Incident, reading the monitor condition from its signal details', () => {
    // Prepare
    const normalised = IncidentSchema.parse({
      schemaVersion: 1,
      source: 'azure-monitor',
      externalId: 'alert-1',
      externalIds: {},
      title: 'VPN tunnel to on-premises is down',
      description: '',
      severity: 'Sev1',
      sourceSeverity: 'Sev1',
      status: 'firing',
      firedAt: '2026-03-04T11:57:00.000Z',
      resolvedAt: null,
      resources: [
        { id: '/subscriptions/s/resourcegroups/rg-net/providers/microsoft.network/connections/cn-onprem', subscriptionId: 's', resourceGroup: 'rg-net', provider: 'microsoft.network', type: 'microsoft.network/connections', name: 'cn-onprem' },
      ],
      rule: null,
      service: null,
      correlationId: null,
      signal: { type: 'Platform', details: { monitorCondition: 'Fired' } },
      links: [],
      customProperties: {},
      dedupeKey: 'd',
      groupKey: 'g',
      investigationKey: 'k',
      rawPayloadRef: null,
    });
    const plans = [plan('default', '{}'), plan('vpn', '{ resourceType: Microsoft.Network/connections, monitorCondition: Fired }')];

    // Act
    const result = matchPlan(plans, normalised);

    // Assess
    expect(result?.plan.id).toBe('vpn');
  });
});
