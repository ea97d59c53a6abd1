import type { TableClient } from '@azure/data-tables';
import type { ContainerClient } from '@azure/storage-blob';
import { blobServiceClient, describeStorage, resolveStorageConnection, StorageReadiness, TableBatchWriter, tableClient } from '../storage';
import type { IngestionSettings } from './ingestionSettings';
import type { GroupSnapshot } from './investigationGroups';
import { RawArchive } from './rawArchive';
import { onStorageFailure, storageCall } from './storageCalls';

/**
 * The tables and container ingestion writes to, created on first use, with the process-wide
 * write batching in front of them: what concurrent requests write to the archive, the incident
 * index and the delivery log is group-committed (one blob, one transaction per partition).
 */
interface IngestionStore {
  readonly raw: ContainerClient;
  readonly incidents: TableClient;
  readonly deliveries: TableClient;
  readonly groups: TableClient;
  readonly queue: TableClient;
  readonly archive: RawArchive;
  readonly incidentWrites: TableBatchWriter;
  readonly deliveryWrites: TableBatchWriter;
  /** Group rows this process read or wrote last, with when (see `lookupGroup`). */
  readonly groupCache: Map<string, { snapshot: GroupSnapshot; at: number }>;
  /**
   * Creates the container and tables unless this process did already and no storage call failed
   * since (storage may have lost them); throws `TransientError` when storage is down.
   */
  ready(): Promise<void>;
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
  const readiness = new StorageReadiness(() =>
    storageCall('creating the ingestion tables and container', async () => {
      await Promise.all([raw.createIfNotExists(), ...Object.values(tables).map((table) => table.createTable())]);
    }),
  );
  onStorageFailure(() => readiness.forget());
  const ready = (): Promise<void> => readiness.ensure();
  const store: IngestionStore = {
    raw,
    ...tables,
    archive: new RawArchive(raw, ready),
    incidentWrites: new TableBatchWriter(tables.incidents),
    deliveryWrites: new TableBatchWriter(tables.deliveries),
    groupCache: new Map(),
    ready,
  };
  stores.set(cacheKey, store);
  return store;
}

export { ingestionStore };
export type { IngestionStore };
