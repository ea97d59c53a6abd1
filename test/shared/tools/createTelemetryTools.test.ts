import { z } from 'zod';
import { createTelemetryTools } from '../../../shared/tools/createTelemetryTools';
import { telemetrySettings } from '../../../shared/tools/telemetrySettings';
import { FixedTokenCredential } from './telemetryHarness';

const WS = '11111111-2222-4333-8444-555555555555';
const APP = '/subscriptions/aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee/resourceGroups/rg/providers/Microsoft.Insights/components/web';

describe('createTelemetryTools', () => {
  it('creates only the probes and metrics when no workspace, component or subscription is configured', () => {
    // Prepare
    const settings = telemetrySettings.load({});

    // Act
    const tools = createTelemetryTools(settings, new FixedTokenCredential());

    // Assess
    expect(tools.map((t) => t.name)).toEqual(['metrics_query', 'http_probe', 'tls_certificate']);
  });

  it('creates every tool when everything is configured, each read-only with a JSON-Schema-able parameter schema', () => {
    // Prepare
    const settings = telemetrySettings.load({
      TELEMETRY_WORKSPACES: `prod-logs=${WS}`,
      TELEMETRY_APP_INSIGHTS: `web=${APP}`,
      TELEMETRY_RESOURCE_GRAPH_SUBSCRIPTIONS: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
    });

    // Act
    const tools = createTelemetryTools(settings, new FixedTokenCredential());

    // Assess
    expect(tools.map((t) => t.name)).toEqual([
      'log_analytics_query',
      'list_tables',
      'describe_table',
      'app_insights_query',
      'metrics_query',
      'resource_graph_query',
      'http_probe',
      'tls_certificate',
    ]);
    for (const tool of tools) {
      expect(tool.readOnly).toBe(true);
      expect(tool.description.length).toBeGreaterThan(150);
      expect(z.toJSONSchema(tool.parameters, { io: 'input' })).toMatchObject({ type: 'object' });
    }
    const workspaceSchema = z.toJSONSchema(tools[0]!.parameters, { io: 'input' }) as unknown as { properties: { workspace: { enum: string[] } } };
    expect(workspaceSchema.properties.workspace.enum).toEqual(['prod-logs']);
  });

  it('refuses an App Insights component without a schema workspace when several workspaces exist', () => {
    // Prepare
    const settings = telemetrySettings.load({
      TELEMETRY_WORKSPACES: `a=${WS},b=${WS.replace('1111', '2222')}`,
      TELEMETRY_APP_INSIGHTS: `web=${APP}`,
    });

    // Act / Assess
    expect(() => createTelemetryTools(settings, new FixedTokenCredential())).toThrow(/TELEMETRY_APP_INSIGHTS_WORKSPACES.*say which one stores component 'web'/);
  });

  it('refuses a CA file that holds no certificate', () => {
    // Prepare
    const settings = telemetrySettings.load({ TELEMETRY_EXTRA_CA_FILE: __filename });

    // Act / Assess
    expect(() => createTelemetryTools(settings, new FixedTokenCredential())).toThrow(/TELEMETRY_EXTRA_CA_FILE: cannot read a PEM certificate/);
  });
});
