import { odata, type TableClient } from '@azure/data-tables';
import { isStorageStatus, storageCall } from '../ingestion/storageCalls';
import { resolveStorageConnection, tableClient } from '../storage';
import { memoryRecordSchema, type MemoryRecord } from './memoryRecord';
import type { MemorySettings } from './memorySettings';

/**
 * Incident memory in one table (`MEMORY_TABLE`): partition `incident`, row key
 * `<inverted recordedAt>-<id>`, so a scan of the partition reads the newest records first. The
 * record is one JSON column (bounded, see memoryRecord.ts) beside the `id` and `service` columns
 * that lookups and the list route filter on.
 */
const PARTITION = 'incident';
const MAX_TIME = 9_999_999_999_999;

function rowKeyOf(record: MemoryRecord): string {
  return `${String(MAX_TIME - Date.parse(record.recordedAt)).padStart(13, '0')}-${record.id}`;
}

function parseEntity(entity: Record<string, unknown>): MemoryRecord {
  return memoryRecordSchema.parse(JSON.parse(String(entity.record)));
}

class MemoryStore {
  private ready?: Promise<void>;

  public constructor(private readonly table: TableClient) {}

  private async init(): Promise<void> {
    this.ready ??= storageCall('creating the memory table', async () => {
      try {
        await this.table.createTable();
      } catch (error) {
        if (!isStorageStatus(error, 409)) throw error;
      }
    }).catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  /** Writes (or rewrites, on a retried activity) the record of an investigation. */
  public async put(record: MemoryRecord): Promise<void> {
    await this.init();
    const entity = { partitionKey: PARTITION, rowKey: rowKeyOf(record), id: record.id, service: record.service ?? '', record: JSON.stringify(memoryRecordSchema.parse(record)) };
    await storageCall('recording an incident memory', () => this.table.upsertEntity(entity, 'Replace'));
  }

  /** The newest records, newest first, at most `limit`; only those of `service` when given. */
  public async recent(limit: number, service?: string): Promise<MemoryRecord[]> {
    await this.init();
    const filter = service === undefined ? odata`PartitionKey eq ${PARTITION}` : odata`PartitionKey eq ${PARTITION} and service eq ${service}`;
    return storageCall('reading incident memory', async () => {
      const records: MemoryRecord[] = [];
      for await (const entity of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
        records.push(parseEntity(entity));
        if (records.length >= limit) break;
      }
      return records;
    });
  }

  public async get(id: string): Promise<MemoryRecord | undefined> {
    const entity = await this.find(id);
    return entity ? parseEntity(entity) : undefined;
  }

  /** Forgets a record; false when there was none. */
  public async forget(id: string): Promise<boolean> {
    const entity = await this.find(id);
    if (!entity) return false;
    try {
      await storageCall('forgetting an incident memory', () => this.table.deleteEntity(PARTITION, String(entity.rowKey)), [404]);
    } catch (error) {
      if (!isStorageStatus(error, 404)) throw error;
    }
    return true;
  }

  private async find(id: string): Promise<Record<string, unknown> | undefined> {
    await this.init();
    return storageCall('reading an incident memory', async () => {
      for await (const entity of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`PartitionKey eq ${PARTITION} and id eq ${id}` } })) return entity;
      return undefined;
    });
  }
}

const stores = new Map<string, MemoryStore>();

/** The store for these settings, shared by the invocations of a process. */
function memoryStore(settings: MemorySettings, env: NodeJS.ProcessEnv = process.env): MemoryStore {
  let store = stores.get(settings.MEMORY_TABLE);
  if (!store) {
    store = new MemoryStore(tableClient(resolveStorageConnection(env), settings.MEMORY_TABLE));
    stores.set(settings.MEMORY_TABLE, store);
  }
  return store;
}

export { MemoryStore, memoryStore };
