import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArmResourceIds } from '../../../shared/incident';
import { parseServiceCatalog, type ServiceCatalog } from '../../../shared/targets/loadServiceCatalog';
import { resolveTarget, type ResourceLookup } from '../../../shared/targets/resolveTarget';
import { resourceGraphLookup } from '../../../shared/targets/resourceGraphLookup';
import { repoRoot } from '../../helpers/devhostProcess';
import { startTelemetryHarness, type TelemetryHarness } from '../tools/telemetryHarness';
import { pagerDutyIncident, serviceNowIncident, TELEMETRY } from './targetFixtures';

/** The bundled sample catalog (config/services.yaml), as the demo resolves targets from it. */
const bundled: ServiceCatalog = {
  services: parseServiceCatalog('config/services.yaml', readFileSync(join(repoRoot, 'config', 'services.yaml'), 'utf8')),
  sources: ['config/services.yaml'],
};
const empty: ServiceCatalog = { services: [], sources: [] };
const nothingFound: ResourceLookup = async () => ({ resources: [], query: 'Resources | where name in~ (...)' });

describe('resolveTarget', () => {
  it('resolves a PagerDuty incident by its service id to that service\'s workspace and component, not the first configured ones', async () => {
    // Prepare
    const incident = pagerDutyIncident();

    // Act
    const target = await resolveTarget({ incident, catalog: bundled, telemetry: TELEMETRY, lookup: nothingFound });

    // Assess
    expect(incident.resources).toEqual([]);
    expect(target).toMatchObject({
      status: 'resolved',
      method: 'catalog',
      service: 'checkout-api',
      matchedBy: 'PagerDuty service id PX7KQ2M',
      workspace: { name: 'law-checkout-prod', how: 'catalog service checkout-api' },
      appInsights: { name: 'appi-checkout-prod', how: 'catalog service checkout-api' },
      roleNames: ['checkout-api'],
      gaps: [],
    });
    expect(target.resources.map((r) => r.id.split('/').pop())).toEqual(['app-checkout-prod-weu', 'sql-checkout-prod']);
  });

  it('resolves a ServiceNow incident by its configuration item', async () => {
    // Prepare
    const incident = serviceNowIncident('app-inventory-api-prod');

    // Act
    const target = await resolveTarget({ incident, catalog: bundled, telemetry: TELEMETRY });

    // Assess
    expect(target).toMatchObject({
      service: 'inventory-api',
      matchedBy: 'ServiceNow CI app-inventory-api-prod',
      workspace: { name: 'law-inventory-prod' },
      appInsights: { name: 'appi-inventory-prod' },
    });
  });

  it('says the target is unknown, guesses no telemetry and names what to configure when nothing ties the incident to a resource', async () => {
    // Prepare
    const incident = serviceNowIncident('legacy-billing');

    // Act
    const target = await resolveTarget({ incident, catalog: bundled, telemetry: TELEMETRY, lookup: nothingFound });

    // Assess
    expect(target).toMatchObject({ status: 'unknown', method: 'unknown', service: null, resources: [], workspace: null, appInsights: null });
    expect(target.gaps).toHaveLength(1);
    expect(target.gaps[0]).toMatch(/^target unknown: .*'legacy-billing'.*no resource in Resource Graph.*config\/services\.yaml/);
  });

  it('uses the alert\'s ARM ids without a catalog, and leaves the component unresolved rather than taking the first configured one', async () => {
    // Prepare: a cluster in a resource group no configured component or workspace belongs to
    const incident = {
      ...pagerDutyIncident((data) => delete data.service),
      resources: parseArmResourceIds(['/subscriptions/5f1c9a3e-7b2d-4e8a-9c61-0d4f2b7a8e13/resourceGroups/rg-platform/providers/Microsoft.ContainerService/managedClusters/aks-prod-weu']),
    };

    // Act
    const target = await resolveTarget({ incident, catalog: empty, telemetry: TELEMETRY });

    // Assess
    expect(target).toMatchObject({ status: 'resolved', method: 'alert', workspace: null, appInsights: null });
    expect(target.resources).toEqual([{ id: incident.resources[0]!.id, how: 'ARM id in the alert' }]);
    expect(target.gaps).toEqual([expect.stringMatching(/^target: no configured workspace or App Insights component holds the telemetry of aks-prod-weu/)]);
  });

  it('matches the alert\'s resource to the component in its resource group, preferring the closest name', async () => {
    // Prepare: rg-shop-prod holds appi-shop-prod (configured first) and appi-checkout-prod
    const incident = {
      ...pagerDutyIncident((data) => delete data.service),
      resources: parseArmResourceIds(['/subscriptions/5f1c9a3e-7b2d-4e8a-9c61-0d4f2b7a8e13/resourceGroups/rg-shop-prod/providers/Microsoft.Web/sites/app-checkout-prod-weu']),
    };

    // Act
    const target = await resolveTarget({ incident, catalog: empty, telemetry: TELEMETRY });

    // Assess
    expect(target.appInsights).toEqual({ name: 'appi-checkout-prod', how: 'in the resource group of app-checkout-prod-weu' });
    expect(target.workspace).toEqual({ name: 'law-checkout-prod', how: 'stores component appi-checkout-prod (TELEMETRY_APP_INSIGHTS_WORKSPACES)' });
  });

  it('records a catalog workspace that is not configured as a gap instead of querying it', async () => {
    // Prepare
    const catalog: ServiceCatalog = {
      services: parseServiceCatalog('services.yaml', 'services:\n  - id: billing\n    aliases: [legacy-billing]\n    workspace: law-billing\n    appInsights: appi-billing\n'),
      sources: ['services.yaml'],
    };

    // Act
    const target = await resolveTarget({ incident: serviceNowIncident('legacy-billing'), catalog, telemetry: TELEMETRY });

    // Assess
    expect(target).toMatchObject({ status: 'resolved', service: 'billing', workspace: null, appInsights: null });
    expect(target.gaps).toEqual([
      "target: catalog service billing names workspace 'law-billing', which is not in TELEMETRY_WORKSPACES; its telemetry cannot be queried",
      "target: catalog service billing names appInsights 'appi-billing', which is not in TELEMETRY_APP_INSIGHTS; its telemetry cannot be queried",
      expect.stringMatching(/^target: no configured workspace or App Insights component holds the telemetry of catalog service billing/),
    ]);
  });
});

describe('resolveTarget through Resource Graph (telemetry emulator)', () => {
  let harness: TelemetryHarness;

  beforeAll(async () => {
    harness = await startTelemetryHarness();
  });

  afterAll(async () => {
    await harness.close();
  });

  it('finds an uncataloged service by name in Resource Graph, then its component and workspace', async () => {
    // Prepare
    const lookup = resourceGraphLookup(harness.tool('resource_graph_query'), () => harness.now);

    // Act
    const target = await resolveTarget({ incident: serviceNowIncident('app-test'), catalog: empty, telemetry: harness.settings, lookup });

    // Assess
    expect(target).toMatchObject({ status: 'resolved', method: 'resource-graph', appInsights: { name: 'appi-test' }, workspace: { name: 'law-test' } });
    expect(target.resources.map((r) => r.id)).toEqual(['/subscriptions/aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee/resourcegroups/rg-test/providers/microsoft.web/sites/app-test']);
    expect(target.resources[0]!.how).toMatch(/^Resource Graph: Resources \| where name in~ \('app-test'\)/);
  });

  it('keeps the target unknown when Resource Graph has no such resource', async () => {
    // Prepare
    const lookup = resourceGraphLookup(harness.tool('resource_graph_query'), () => harness.now);

    // Act
    const target = await resolveTarget({ incident: serviceNowIncident('legacy-billing'), catalog: empty, telemetry: harness.settings, lookup });

    // Assess
    expect(target.status).toBe('unknown');
    expect(target.workspace).toBeNull();
  });
});
