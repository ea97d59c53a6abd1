import { odata, type TableClient } from '@azure/data-tables';
import { isStorageStatus, storageCall } from '../ingestion/storageCalls';
import { resolveStorageConnection, tableClient, tableReadiness, type StorageReadiness } from '../storage';
import { learningIdOf, learningSchema, type Learning } from './learning';
import { memoryFactSchema, type MemoryFact } from './memoryFact';
import { memoryRecordSchema, type MemoryRecord } from './memoryRecord';
import type { MemorySettings } from './memorySettings';

/**
 * Incident memory in one table (`MEMORY_TABLE`): partition `incident` (what investigations
 * concluded) and `fact` (what people added), row key `<inverted time>-<id>`, so a scan of a
 * partition reads the newest first; partition `learning` (one note per service), row key its id,
 * rewritten under its ETag. The record is one JSON column (bounded, see memoryRecord.ts,
 * memoryFact.ts and learning.ts) beside the `id` and `service` columns that lookups and lists filter on.
 */
const PARTITION = 'incident';
const FACTS = 'fact';
const LEARNINGS = 'learning';
/** More learnings than a listing reads: one per service. */
const LEARNINGS_SCAN = 5000;
const MAX_TIME = 9_999_999_999_999;

function rowKeyOf(at: string, id: string): string {
  return `${String(MAX_TIME - Date.parse(at)).padStart(13, '0')}-${id}`;
}

function parseEntity(entity: Record<string, unknown>): MemoryRecord {
  return memoryRecordSchema.parse(JSON.parse(String(entity.record)));
}

function parseAny(entity: Record<string, unknown>): MemoryRecord | MemoryFact | Learning {
  if (entity.partitionKey === LEARNINGS) return learningSchema.parse(JSON.parse(String(entity.record)));
  return entity.partitionKey === FACTS ? memoryFactSchema.parse(JSON.parse(String(entity.record))) : parseEntity(entity);
}

class MemoryStore {
  /** The table is created on first use and checked again after any failure (storageReadiness.ts). */
  private readonly readiness: StorageReadiness;

  public constructor(private readonly table: TableClient) {
    this.readiness = tableReadiness(table);
  }

  /** Writes (or rewrites, on a retried activity) the record of an investigation. */
  public async put(record: MemoryRecord): Promise<void> {
    const entity = { partitionKey: PARTITION, rowKey: rowKeyOf(record.recordedAt, record.id), id: record.id, service: record.service ?? '', record: JSON.stringify(memoryRecordSchema.parse(record)) };
    await this.readiness.run(() => storageCall('recording an incident memory', () => this.table.upsertEntity(entity, 'Replace')));
  }

  /** The newest records, newest first, at most `limit`; only those of `service` when given. */
  public async recent(limit: number, service?: string): Promise<MemoryRecord[]> {
    const filter = service === undefined ? odata`PartitionKey eq ${PARTITION}` : odata`PartitionKey eq ${PARTITION} and service eq ${service}`;
    return this.readiness.run(() => storageCall('reading incident memory', async () => {
      const records: MemoryRecord[] = [];
      for await (const entity of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
        records.push(parseEntity(entity));
        if (records.length >= limit) break;
      }
      return records;
    }));
  }

  /**
   * Marks the record of an investigation resolved, under its ETag (read again when another write
   * came first). False when there is no record: memory was off, it was forgotten, or it was a
   * scheduled run.
   */
  public async markResolved(id: string, resolvedAt: string): Promise<boolean> {
    for (let attempt = 1; attempt <= 3; attempt++) {
      const entity = await this.find(id);
      if (!entity || entity.partitionKey !== PARTITION) return false;
      const record = { ...parseEntity(entity), resolvedAt };
      try {
        const updated = { partitionKey: PARTITION, rowKey: String(entity.rowKey), id: record.id, service: record.service ?? '', record: JSON.stringify(memoryRecordSchema.parse(record)) };
        await this.readiness.run(() => storageCall('recording a resolve in incident memory', () => this.table.updateEntity(updated, 'Replace', { etag: String(entity.etag) }), [404, 412]));
        return true;
      } catch (error) {
        if (!isStorageStatus(error, 404, 412)) throw error;
      }
    }
    return false;
  }

  /** Remembers a fact someone added. */
  public async addFact(fact: MemoryFact): Promise<void> {
    const entity = { partitionKey: FACTS, rowKey: rowKeyOf(fact.addedAt, fact.id), id: fact.id, service: fact.service, record: JSON.stringify(memoryFactSchema.parse(fact)) };
    await this.readiness.run(() => storageCall('recording a remembered fact', () => this.table.createEntity(entity)));
  }

  /** The newest facts of a service, at most `limit`. */
  public async facts(service: string, limit: number): Promise<MemoryFact[]> {
    return this.readiness.run(() => storageCall('reading remembered facts', async () => {
      const facts: MemoryFact[] = [];
      for await (const entity of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`PartitionKey eq ${FACTS} and service eq ${service}` } })) {
        facts.push(memoryFactSchema.parse(JSON.parse(String(entity.record))));
        if (facts.length >= limit) break;
      }
      return facts;
    }));
  }

  /** A service's learning with the ETag to rewrite it under; `undefined` when it has none. */
  public async learning(service: string): Promise<{ learning: Learning; etag: string } | undefined> {
    return this.readiness.run(() => storageCall('reading a learning', async () => {
      try {
        const entity = await this.table.getEntity<Record<string, unknown>>(LEARNINGS, learningIdOf(service));
        return { learning: learningSchema.parse(JSON.parse(String(entity.record))), etag: String(entity.etag) };
      } catch (error) {
        if (isStorageStatus(error, 404)) return undefined;
        throw error;
      }
    }, [404]));
  }

  /**
   * Writes a learning: created when `etag` is undefined, else replaced only if it is still the
   * version read under that ETag. False when another writer (or a forget) came first: read again.
   */
  public async saveLearning(learning: Learning, etag: string | undefined): Promise<boolean> {
    const entity = { partitionKey: LEARNINGS, rowKey: learning.id, id: learning.id, service: learning.service, record: JSON.stringify(learningSchema.parse(learning)) };
    try {
      await this.readiness.run(() =>
        storageCall('recording a learning', () => (etag === undefined ? this.table.createEntity(entity) : this.table.updateEntity(entity, 'Replace', { etag })), [404, 409, 412]),
      );
      return true;
    } catch (error) {
      if (isStorageStatus(error, 404, 409, 412)) return false;
      throw error;
    }
  }

  /** The learnings, most recently updated first, at most `limit`; only that of `service` when given. */
  public async learnings(limit: number, service?: string): Promise<Learning[]> {
    const filter = service === undefined ? odata`PartitionKey eq ${LEARNINGS}` : odata`PartitionKey eq ${LEARNINGS} and service eq ${service}`;
    return this.readiness.run(() => storageCall('reading learnings', async () => {
      const learnings: Learning[] = [];
      for await (const entity of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
        learnings.push(learningSchema.parse(JSON.parse(String(entity.record))));
        if (learnings.length >= LEARNINGS_SCAN) break;
      }
      return learnings.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)).slice(0, limit);
    }));
  }

  /** A record, a fact or a learning, by id. */
  public async get(id: string): Promise<MemoryRecord | MemoryFact | Learning | undefined> {
    const entity = await this.find(id);
    return entity ? parseAny(entity) : undefined;
  }

  /** Forgets a record, a fact or a learning: what it was (partition) and of which service; `undefined` when there was none. */
  public async forget(id: string): Promise<{ kind: 'incident' | 'fact' | 'learning'; service: string } | undefined> {
    const entity = await this.find(id);
    if (!entity) return undefined;
    try {
      await storageCall('forgetting an incident memory', () => this.table.deleteEntity(String(entity.partitionKey), String(entity.rowKey)), [404]);
    } catch (error) {
      if (!isStorageStatus(error, 404)) throw error;
    }
    const kind = entity.partitionKey === LEARNINGS ? 'learning' : entity.partitionKey === FACTS ? 'fact' : 'incident';
    return { kind, service: String(entity.service ?? '') };
  }

  private async find(id: string): Promise<Record<string, unknown> | undefined> {
    return this.readiness.run(() => storageCall('reading an incident memory', async () => {
      for await (const entity of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`(PartitionKey eq ${PARTITION} or PartitionKey eq ${FACTS} or PartitionKey eq ${LEARNINGS}) and id eq ${id}` } })) return entity;
      return undefined;
    }));
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
