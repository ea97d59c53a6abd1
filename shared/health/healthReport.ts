import { z } from 'zod';
import { settingsCatalog } from '../config/catalog';
import { mcpRegistry } from '../mcp/mcpRegistry';
import { blobServiceClient, describeStorage, resolveStorageConnection } from '../storage';

/** What `GET /api/health` answers. Names integrations and says whether each is configured; never a value. */
const healthReportSchema = z.object({
  status: z.enum(['healthy', 'degraded']),
  version: z.string(),
  runtime: z.enum(['azure', 'devhost', 'local']),
  storage: z.object({ reachable: z.boolean(), endpoint: z.string(), error: z.string().optional() }),
  integrations: z.record(z.string(), z.object({ configured: z.boolean(), summary: z.string() })),
  /** Each MCP server of config/mcp.yaml and its state in the worker that answered (see docs/mcp.md). */
  mcp: z.record(z.string(), z.object({ transport: z.string(), state: z.string(), tools: z.number().nullable().optional(), starts: z.number().optional(), error: z.string().optional() })),
  checkedAt: z.string(),
});

type HealthReport = z.infer<typeof healthReportSchema>;

/** Which host runs us: Azure sets WEBSITE_SITE_NAME, the devhost sets DEVHOST_VERSION. */
function detectRuntime(env: NodeJS.ProcessEnv): HealthReport['runtime'] {
  if (env.WEBSITE_SITE_NAME) return 'azure';
  return env.DEVHOST_VERSION ? 'devhost' : 'local';
}

/**
 * Builds the health report: storage is probed with a short timeout; integration status comes
 * from the settings catalog, so a new integration shows up here as soon as it declares settings.
 */
async function buildHealthReport(version: string, env: NodeJS.ProcessEnv = process.env, timeoutMs = 3000): Promise<HealthReport> {
  let storage: HealthReport['storage'];
  try {
    const connection = resolveStorageConnection(env);
    const endpoint = describeStorage(connection);
    try {
      // A data-plane read that the Storage Blob Data roles allow (service properties may need more).
      await blobServiceClient(connection).getContainerClient('azure-webjobs-hosts').exists({ abortSignal: AbortSignal.timeout(timeoutMs) });
      storage = { reachable: true, endpoint };
    } catch (error) {
      storage = { reachable: false, endpoint, error: error instanceof Error ? error.name : 'unreachable' };
    }
  } catch (error) {
    storage = { reachable: false, endpoint: 'not configured', error: error instanceof Error ? error.message : String(error) };
  }
  const integrations: HealthReport['integrations'] = {};
  for (const group of settingsCatalog) {
    if (group.group === 'core') continue;
    integrations[group.group] = { configured: group.isConfigured(env), summary: group.summary };
  }
  return healthReportSchema.parse({
    status: storage.reachable ? 'healthy' : 'degraded',
    version,
    runtime: detectRuntime(env),
    storage,
    integrations,
    mcp: await mcpRegistry(env).then((registry) => registry.health(), () => ({})),
    checkedAt: new Date().toISOString(),
  });
}

export { buildHealthReport, healthReportSchema, detectRuntime };
export type { HealthReport };
