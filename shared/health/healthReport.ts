import { z } from 'zod';
import { createDeliveryLedger } from '../destinations/destinationRegistry';
import type { LastDeliveryFailure } from '../destinations/deliveryLedger';
import { blobServiceClient, describeStorage, resolveStorageConnection } from '../storage';
import { checkIntegrations, integrationStatusSchema } from './integrationChecks';

/**
 * What `GET /api/health` answers: each section says what it checked, and `degradedBy` names the
 * sections that make the whole `degraded` (answered 503). Names and reasons only, never a value.
 */
const healthReportSchema = z.object({
  status: z.enum(['healthy', 'degraded']),
  /** Sections at fault (`storage`, `integrations.<name>`); empty when healthy. */
  degradedBy: z.array(z.string()),
  version: z.string(),
  runtime: z.enum(['azure', 'devhost', 'local']),
  storage: z.object({ reachable: z.boolean(), endpoint: z.string(), error: z.string().optional() }),
  integrations: z.record(z.string(), integrationStatusSchema),
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

/**
 * Builds the health report: storage is probed with a short timeout; every integration of the
 * settings catalog is built as a request would build it (so "configured" also says "works"),
 * with the last failed delivery per destination from the delivery ledger. Storage down, or an
 * integration configured but broken, makes the report `degraded`.
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
  const integrations = checkIntegrations(env, storage.reachable ? await readLastFailures(env, timeoutMs) : []);
  const degradedBy = [
    ...(storage.reachable ? [] : ['storage']),
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
    checkedAt: new Date().toISOString(),
  });
}

export { buildHealthReport, healthReportSchema, detectRuntime };
export type { HealthReport };
