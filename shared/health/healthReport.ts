import { z } from 'zod';
import { createDeliveryLedger } from '../destinations/destinationRegistry';
import type { LastDeliveryFailure } from '../destinations/deliveryLedger';
import { IngestionHealthSchema, type IngestionHealth } from '../ingestion/ingestionHealth';
import { mcpRegistry } from '../mcp/mcpRegistry';
import { blobServiceClient, describeStorage, resolveStorageConnection } from '../storage';
import { checkIntegrations, integrationStatusSchema } from './integrationChecks';

/**
 * What `GET /api/health` answers: each section says what it checked, and `degradedBy` names the
 * sections that make the whole `degraded` (answered 503). Names and reasons only, never a value.
 */
const healthReportSchema = z.object({
  status: z.enum(['healthy', 'degraded']),
  /** Sections at fault (`storage`, `ingestion`, `integrations.<name>`); empty when healthy. */
  degradedBy: z.array(z.string()),
  version: z.string(),
  runtime: z.enum(['azure', 'devhost', 'local']),
  storage: z.object({ reachable: z.boolean(), endpoint: z.string(), error: z.string().optional() }),
  integrations: z.record(z.string(), integrationStatusSchema),
  /** The ingest queue (see `ingestionHealth`); `error` when it could not be read. Absent when not asked for. */
  ingestion: z.union([IngestionHealthSchema, z.object({ error: z.string() })]).optional(),
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

/** The ledger's last failures; none when the table cannot be read (storage's own check says why). */
async function readLastFailures(env: NodeJS.ProcessEnv, timeoutMs: number): Promise<LastDeliveryFailure[]> {
  try {
    return await createDeliveryLedger(env).lastFailures({ abortSignal: AbortSignal.timeout(timeoutMs) });
  } catch {
    return [];
  }
}

/** The ingestion part of the report, or why it could not be read. */
async function ingestionPart(probe: () => Promise<IngestionHealth>): Promise<NonNullable<HealthReport['ingestion']>> {
  try {
    return await probe();
  } catch (error) {
    return { error: error instanceof Error ? error.name : 'unreadable' };
  }
}

/**
 * Builds the health report: storage is probed with a short timeout; every integration of the
 * settings catalog is built as a request would build it (so "configured" also says "works"),
 * with the last failed delivery per destination from the delivery ledger. Storage down, or an
 * integration configured but broken, makes the report `degraded`. With `ingestion` the ingest
 * queue is reported too, and a stalled or unreadable queue makes the status `degraded`.
 */
async function buildHealthReport(
  version: string,
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs = 3000,
  ingestion?: () => Promise<IngestionHealth>,
): Promise<HealthReport> {
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
  const integrations = checkIntegrations(env, storage.reachable ? await readLastFailures(env, timeoutMs) : []);
  const queue = ingestion && storage.reachable ? await ingestionPart(ingestion) : undefined;
  const degradedBy = [
    ...(storage.reachable ? [] : ['storage']),
    ...(queue === undefined || ('stalled' in queue && !queue.stalled) ? [] : ['ingestion']),
    ...Object.entries(integrations)
      .filter(([, integration]) => integration.configured && !integration.verified)
      .map(([name]) => `integrations.${name}`),
  ];
  return healthReportSchema.parse({
    status: degradedBy.length === 0 ? 'healthy' : 'degraded',
    degradedBy,
    version,
    runtime: detectRuntime(env),
    storage,
    integrations,
    ...(queue ? { ingestion: queue } : {}),
    mcp: await mcpRegistry(env).then((registry) => registry.health(), () => ({})),
    checkedAt: new Date().toISOString(),
  });
}

export { buildHealthReport, healthReportSchema, detectRuntime };
export type { HealthReport };
