import type { TableClient } from '@azure/data-tables';
import type { ContainerClient } from '@azure/storage-blob';
import { TransientError } from '../errors';
import { blobServiceClient, describeStorage, resolveStorageConnection, tableClient } from '../storage';
import type { IngestionSettings } from './ingestionSettings';

/** The tables and container ingestion writes to, created on first use. */
interface IngestionStore {
  readonly raw: ContainerClient;
  readonly incidents: TableClient;
  readonly deliveries: TableClient;
  readonly groups: TableClient;
  readonly queue: TableClient;
  /** Creates the container and tables once per process; throws `TransientError` when storage is down. */
  ready(): Promise<void>;
}

/** HTTP status of a storage error, `undefined` for network failures. */
function storageStatus(error: unknown): number | undefined {
  // By name, not instanceof: the blob and table SDKs may load different copies of core-rest-pipeline.
  if (!(error instanceof Error) || error.name !== 'RestError') return undefined;
  const status = (error as Error & { statusCode?: unknown }).statusCode;
  return typeof status === 'number' ? status : undefined;
}

/**
 * Runs one storage call; an unexpected failure becomes a `TransientError` (answered 503, which
 * every source retries), while the statuses the caller handles (404, 409, 412) pass through.
 */
async function storageCall<T>(what: string, call: () => Promise<T>, expected: readonly number[] = []): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const status = storageStatus(error);
    if (status !== undefined && expected.includes(status)) throw error;
    throw new TransientError(`storage failed while ${what}${status === undefined ? '' : ` (HTTP ${status})`}`, { cause: error });
  }
}

/** True when `error` is a storage error with one of the statuses. */
function isStorageStatus(error: unknown, ...statuses: number[]): boolean {
  const status = storageStatus(error);
  return status !== undefined && statuses.includes(status);
}

const stores = new Map<string, IngestionStore>();

/**
 * The store for these settings and the `AzureWebJobsStorage` connection, shared across
 * invocations of the process so the SDK keeps its connections warm.
 */
function ingestionStore(settings: IngestionSettings, env: NodeJS.ProcessEnv = process.env): IngestionStore {
  const connection = resolveStorageConnection(env);
  const cacheKey = [describeStorage(connection), settings.INGEST_RAW_CONTAINER, settings.INGEST_INCIDENTS_TABLE, settings.INGEST_DELIVERIES_TABLE, settings.INGEST_GROUPS_TABLE, settings.INGEST_QUEUE_TABLE].join('|');
  const cached = stores.get(cacheKey);
  if (cached) return cached;
  const tables = {
    incidents: tableClient(connection, settings.INGEST_INCIDENTS_TABLE),
    deliveries: tableClient(connection, settings.INGEST_DELIVERIES_TABLE),
    groups: tableClient(connection, settings.INGEST_GROUPS_TABLE),
    queue: tableClient(connection, settings.INGEST_QUEUE_TABLE),
  };
  const raw = blobServiceClient(connection).getContainerClient(settings.INGEST_RAW_CONTAINER);
  let readiness: Promise<void> | undefined;
  const store: IngestionStore = {
    raw,
    ...tables,
    ready: () => {
      readiness ??= storageCall('creating the ingestion tables and container', async () => {
        await Promise.all([raw.createIfNotExists(), ...Object.values(tables).map((table) => table.createTable())]);
      }).catch((error: unknown) => {
        // Let the next request try again instead of caching the failure.
        readiness = undefined;
        throw error;
      });
      return readiness;
    },
  };
  stores.set(cacheKey, store);
  return store;
}

export { ingestionStore, storageCall, isStorageStatus };
export type { IngestionStore };
