import type { TransactionAction } from '@azure/data-tables';
import { z } from 'zod';
import { IncidentSourceSchema, type Incident } from '../incident';
import type { IngestionStore } from './ingestionStore';
import { ledgerRowAction, RECORDS_ONLY_FILTER } from './signalLedger';
import { isStorageStatus, storageCall } from './storageCalls';
import { indexPartitionOf, indexPartitionRange, keyHash, recordIdOf, recordKeysOf } from './storageKeys';

/**
 * What happened to a received alert:
 * - `received`: recorded, not yet routed (only seen while a request is in flight or after a crash);
 * - `started`: it started an investigation; `queued`: it will start one when capacity frees up;
 * - `joined`: it joined a running or queued investigation as a signal;
 * - `resolved`: a resolve raised on its investigation; `annotated`: a resolve for an investigation
 *   that had already finished (or never started), recorded here only;
 * - `dead-lettered`: the investigation it opened could not be started after every attempt (see
 *   the group's `lastError`); a retry of the alert queues it again.
 */
const DispositionSchema = z.enum(['received', 'started', 'queued', 'joined', 'resolved', 'annotated', 'dead-lettered']);

const ResolvePlanSchema = z.object({ generation: z.number().int().positive(), instanceId: z.string(), targets: z.array(z.string()) });

/** One row of the incident index, as `GET /api/incidents` returns it. */
const IncidentRecordSchema = z.object({
  id: z.string(),
  kind: z.enum(['incident', 'resolve']),
  source: IncidentSourceSchema,
  externalId: z.string(),
  title: z.string(),
  severity: z.string(),
  status: z.string(),
  dedupeKey: z.string(),
  groupKey: z.string(),
  investigationKey: z.string(),
  investigationId: z.string().nullable(),
  disposition: DispositionSchema,
  deliveryId: z.string(),
  receivedAt: z.string(),
  firedAt: z.string(),
  rawPayloadRef: z.string().nullable(),
  updatedAt: z.string(),
  /**
   * For a resolve: the group generation it resolves, that generation's instance, and every
   * instance it tells. Recorded before the group changes, so a retry of a delivery whose first
   * attempt died midway finishes the same resolve, even after a newer generation has opened.
   */
  resolving: ResolvePlanSchema.nullable().default(null),
});

type Disposition = z.infer<typeof DispositionSchema>;
type IncidentRecord = z.infer<typeof IncidentRecordSchema>;
type ResolvePlan = z.infer<typeof ResolvePlanSchema>;

function fromEntity(entity: Record<string, unknown>): IncidentRecord {
  const resolving = typeof entity.resolving === 'string' ? (JSON.parse(entity.resolving) as unknown) : null;
  return IncidentRecordSchema.parse({ ...entity, investigationId: entity.investigationId ?? null, rawPayloadRef: entity.rawPayloadRef ?? null, resolving });
}

/** Table keys of a record (see `indexPartitionOf`). */
function keysOf(record: IncidentRecord): { partitionKey: string; rowKey: string } {
  return { partitionKey: indexPartitionOf(record.source, record.investigationKey), rowKey: keyHash(record.dedupeKey) };
}

function toEntity(record: IncidentRecord): Record<string, unknown> & { partitionKey: string; rowKey: string } {
  // Table storage has no null: absent properties stand for null and are restored by fromEntity.
  const entity: Record<string, unknown> & { partitionKey: string; rowKey: string } = { ...keysOf(record), ...record, resolving: record.resolving && JSON.stringify(record.resolving) };
  for (const key of Object.keys(entity)) if (entity[key] === null) delete entity[key];
  return entity;
}

/**
 * Records a received alert unless its dedupe key is already indexed. Returns the stored record
 * and whether this call created it; a concurrent duplicate finds the first writer's record.
 * With `joinInstanceId` the record is created as `joined` to that investigation together with
 * its signal-ledger row, in one transaction: a join is then complete or absent, never half made.
 */
async function recordIncident(
  store: IngestionStore,
  kind: IncidentRecord['kind'],
  incident: Incident,
  deliveryId: string,
  receivedAt: Date,
  joinInstanceId?: string,
): Promise<{ record: IncidentRecord; created: boolean }> {
  await store.ready();
  const now = receivedAt.toISOString();
  const record: IncidentRecord = {
    id: recordIdOf(incident.source, incident.investigationKey, incident.dedupeKey),
    kind,
    source: incident.source,
    externalId: incident.externalId,
    title: incident.title,
    severity: incident.severity,
    status: incident.status,
    dedupeKey: incident.dedupeKey,
    groupKey: incident.groupKey,
    investigationKey: incident.investigationKey,
    investigationId: joinInstanceId ?? null,
    disposition: joinInstanceId ? 'joined' : 'received',
    deliveryId,
    receivedAt: now,
    firedAt: incident.firedAt,
    rawPayloadRef: incident.rawPayloadRef,
    updatedAt: now,
    resolving: null,
  };
  const entity = toEntity(record);
  const actions: TransactionAction[] = [['create', entity]];
  if (joinInstanceId) actions.push(ledgerRowAction(entity.partitionKey, joinInstanceId, entity.rowKey, now));
  try {
    await storageCall('recording the incident', () => store.incidentWrites.commit({ partitionKey: entity.partitionKey, actions }), [409]);
    return { record, created: true };
  } catch (error) {
    if (!isStorageStatus(error, 409)) throw error;
  }
  const existing = await getIncidentRecord(store, record.id);
  if (!existing) throw new Error(`incident record ${record.id} conflicted on create but cannot be read`);
  return { record: existing, created: false };
}

/** Commits a merge of the record's routing fields, with extra actions of its partition. */
async function mergeRouting(store: IngestionStore, keys: { partitionKey: string; rowKey: string }, disposition: Disposition, investigationId: string | null, updatedAt: string, extra: TransactionAction[] = []): Promise<void> {
  const merge: TransactionAction = ['update', { ...keys, disposition, investigationId: investigationId ?? '', updatedAt }, 'Merge'];
  await storageCall('updating the incident record', () => store.incidentWrites.commit({ partitionKey: keys.partitionKey, actions: [merge, ...extra] }));
}

/** Sets how a record was routed. */
async function setDisposition(store: IngestionStore, record: IncidentRecord, disposition: Disposition, investigationId: string | null): Promise<IncidentRecord> {
  const updated: IncidentRecord = { ...record, disposition, investigationId, updatedAt: new Date().toISOString() };
  await mergeRouting(store, keysOf(record), disposition, investigationId, updated.updatedAt);
  return updated;
}

/** Records on a resolve what it is about to resolve (see `resolving`). */
async function planResolve(store: IngestionStore, record: IncidentRecord, plan: ResolvePlan): Promise<IncidentRecord> {
  const updated: IncidentRecord = { ...record, resolving: plan, updatedAt: new Date().toISOString() };
  const merge: TransactionAction = ['update', { ...keysOf(record), resolving: JSON.stringify(plan), updatedAt: updated.updatedAt }, 'Merge'];
  await storageCall('recording the resolve plan', () => store.incidentWrites.commit({ partitionKey: merge[1].partitionKey, actions: [merge] }));
  return updated;
}

/** Joins a recorded alert to an investigation: `joined` and its ledger row, in one transaction. */
async function joinRecord(store: IngestionStore, record: IncidentRecord, instanceId: string): Promise<IncidentRecord> {
  const updated: IncidentRecord = { ...record, disposition: 'joined', investigationId: instanceId, updatedAt: new Date().toISOString() };
  const keys = keysOf(record);
  await mergeRouting(store, keys, 'joined', instanceId, updated.updatedAt, [ledgerRowAction(keys.partitionKey, instanceId, keys.rowKey, updated.updatedAt)]);
  return updated;
}

/** Sets the disposition of the record with this public id (the owner of a queued investigation). */
async function setDispositionById(store: IngestionStore, id: string, disposition: Disposition, investigationId: string | null): Promise<void> {
  const keys = recordKeysOf(id);
  if (!keys) throw new Error(`not an incident record id: ${id}`);
  await mergeRouting(store, keys, disposition, investigationId, new Date().toISOString());
}

/** Reads a record by its public id; `undefined` when there is none. */
async function getIncidentRecord(store: IngestionStore, id: string): Promise<IncidentRecord | undefined> {
  const keys = recordKeysOf(id);
  if (!keys) return undefined;
  await store.ready();
  try {
    const entity = await storageCall('reading the incident record', () => store.incidents.getEntity(keys.partitionKey, keys.rowKey), [404]);
    return fromEntity(normalise(entity));
  } catch (error) {
    if (isStorageStatus(error, 404)) return undefined;
    throw error;
  }
}

/** Filters for {@link listIncidentRecords}. */
interface IncidentQuery {
  source?: z.infer<typeof IncidentSourceSchema>;
  /** The incident status at the source (`firing`, `acknowledged`, `resolved`). */
  status?: string;
  investigationId?: string;
  /** At most this many records, newest first. */
  limit: number;
}

/** Lists records, newest first; scans the partitions of one source when `source` is given. */
async function listIncidentRecords(store: IngestionStore, query: IncidentQuery): Promise<IncidentRecord[]> {
  await store.ready();
  const filters: string[] = [RECORDS_ONLY_FILTER];
  const values: Record<string, string> = {};
  if (query.source) {
    const { from, to } = indexPartitionRange(query.source);
    filters.push(`PartitionKey ge '${from}' and PartitionKey lt '${to}'`);
  }
  if (query.status) {
    filters.push('status eq @status');
    values.status = query.status;
  }
  if (query.investigationId) {
    filters.push('investigationId eq @investigationId');
    values.investigationId = query.investigationId;
  }
  const filter = bind(filters.join(' and '), values);
  return storageCall('listing incident records', async () => {
    const records: IncidentRecord[] = [];
    for await (const entity of store.incidents.listEntities({ queryOptions: { filter } })) {
      records.push(fromEntity(normalise(entity as Record<string, unknown>)));
    }
    records.sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
    return records.slice(0, query.limit);
  });
}

/** Substitutes `@name` with an OData string literal (quotes doubled), as `odata` does for templates. */
function bind(filter: string, values: Record<string, string>): string {
  return filter.replace(/@(\w+)/g, (_, name: string) => `'${(values[name] ?? '').replace(/'/g, "''")}'`);
}

/** An empty `investigationId` is how a cleared value is stored. */
function normalise(entity: Record<string, unknown>): Record<string, unknown> {
  return { ...entity, investigationId: entity.investigationId === '' ? null : entity.investigationId };
}

export { DispositionSchema, IncidentRecordSchema, recordIncident, setDisposition, planResolve, joinRecord, setDispositionById, getIncidentRecord, listIncidentRecords };
export type { Disposition, IncidentRecord, IncidentQuery, ResolvePlan };
