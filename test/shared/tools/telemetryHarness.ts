import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { startTelemetryEmulator, type TelemetryEmulator } from '../../../devhost/logAnalytics/server';
import { createTelemetryTools } from '../../../shared/tools/createTelemetryTools';
import { telemetrySettings, type TelemetrySettings } from '../../../shared/tools/telemetrySettings';
import { toolResultSchema, type ToolContext, type ToolDefinition, type ToolResult } from '../../../shared/tools/tool';

/** Ids of the fixture scenario under test/shared/tools/fixtures/telemetry. */
const FIXTURE = {
  subscription: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
  workspaceId: '11111111-2222-4333-8444-555555555555',
  componentId:
    '/subscriptions/aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee/resourceGroups/rg-test/providers/Microsoft.Insights/components/appi-test',
  siteId: '/subscriptions/aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee/resourceGroups/rg-test/providers/Microsoft.Web/sites/app-test',
};

// Compiled tests run from dist/test/shared/tools; the fixture stays in the source tree.
const FIXTURE_DIR = resolve(__dirname, '../../../../test/shared/tools/fixtures/telemetry');

/** A credential that hands out a fixed token and records the scopes it was asked for. */
class FixedTokenCredential implements TokenCredential {
  public readonly scopes: string[] = [];

  public async getToken(scopes: string | string[]): Promise<AccessToken> {
    this.scopes.push(...(Array.isArray(scopes) ? scopes : [scopes]));
    return { token: 'emulator-test-token', expiresOnTimestamp: Date.now() + 3_600_000 };
  }
}

/** The emulator, the real SDK-backed tools pointed at it, and what the tests inspect. */
interface TelemetryHarness {
  emulator: TelemetryEmulator;
  settings: TelemetrySettings;
  credential: FixedTokenCredential;
  /** Request lines the emulator logged (`GET /v1/workspaces/.../metadata 200`). */
  requests: string[];
  tool(name: string): ToolDefinition;
  context(investigationId?: string): ToolContext;
  /** Parses `args` with the tool's schema (as the agent does), runs it and checks the result's shape. */
  call(name: string, args: unknown, investigationId?: string): Promise<ToolResult>;
  now: Date;
  close(): Promise<void>;
}

/** Starts the emulator over the fixture (or `dataDir`) and builds the tools with `env` on top of the defaults. */
async function startTelemetryHarness(env: Record<string, string> = {}, dataDir = FIXTURE_DIR): Promise<TelemetryHarness> {
  const now = new Date();
  const requests: string[] = [];
  const emulator = await startTelemetryEmulator({ dataDir, now: () => now, log: (line) => requests.push(line) });
  const dir = mkdtempSync(join(tmpdir(), 'tools-emulator-ca-'));
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, emulator.ca ?? '');
  const settings = telemetrySettings.load({
    TELEMETRY_WORKSPACES: `law-test=${FIXTURE.workspaceId}`,
    TELEMETRY_APP_INSIGHTS: `appi-test=${FIXTURE.componentId}`,
    TELEMETRY_RESOURCE_GRAPH_SUBSCRIPTIONS: FIXTURE.subscription,
    TELEMETRY_LOG_ANALYTICS_ENDPOINT: emulator.url,
    TELEMETRY_METRICS_ENDPOINT: emulator.url,
    TELEMETRY_ARM_ENDPOINT: emulator.url,
    TELEMETRY_EXTRA_CA_FILE: caFile,
    TELEMETRY_PROBE_ALLOWED_HOSTS: '127.0.0.1,localhost',
    ...env,
  });
  const credential = new FixedTokenCredential();
  const tools = new Map(createTelemetryTools(settings, credential).map((tool) => [tool.name, tool]));
  const tool = (name: string): ToolDefinition => {
    const found = tools.get(name);
    if (!found) throw new Error(`no tool ${name}; have ${[...tools.keys()].join(', ')}`);
    return found;
  };
  const context = (investigationId?: string): ToolContext => ({ now: () => now, ...(investigationId ? { investigationId } : {}) });
  return {
    emulator,
    settings,
    credential,
    requests,
    now,
    tool,
    context,
    async call(name, args, investigationId) {
      const chosen = tool(name);
      const result = await chosen.execute(chosen.parameters.parse(args), context(investigationId));
      // Every result must satisfy the tool contract and survive JSON (it crosses Durable boundaries).
      toolResultSchema.parse(result);
      expect(JSON.parse(JSON.stringify(result))).toEqual(result);
      return result;
    },
    async close() {
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export { startTelemetryHarness, FixedTokenCredential, FIXTURE, FIXTURE_DIR };
export type { TelemetryHarness };
