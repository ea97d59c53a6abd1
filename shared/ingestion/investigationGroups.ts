import { z } from 'zod';
import { InvestigationInputSchema, type InvestigationInput } from '../durable';
import type { Incident } from '../incident';
import { joinText, splitText } from './chunkedText';
import type { IngestionStore } from './ingestionStore';
import type { InvestigationClient } from './investigationClient';
import { isStorageStatus, storageCall } from './storageCalls';

/**
 * Lifecycle of one generation of a group's investigation: `queued` (waiting for capacity, or for
 * its next attempt after a failed start), `starting` (claimed by a starter), `running` (started;
 * events go straight to it), `resolved` (the source resolved it; the next alert opens a new
 * generation), `dead-lettered` (every start attempt failed; a retry of its alert queues it again).
 */
const GroupStateSchema = z.enum(['queued', 'starting', 'running', 'resolved', 'dead-lettered']);

/**
 * One row per group key (partition = investigation key). It is the single point of agreement
 * between concurrent requests: every change is an ETag-conditional write, so exactly one request
 * opens each generation.
 */
const GroupRowSchema = z.object({
  investigationKey: z.string(),
  source: z.string(),
  groupKey: z.string(),
  /** Durable instance id of the current generation: the investigation key, then `<key>-<n>`. */
  instanceId: z.string(),
  generation: z.number().int().positive(),
  windowStartedAt: z.string(),
  /** Join window of this generation in minutes, from its plan's `groupWindow`; absent: the global INGEST_GROUP_WINDOW_MINUTES. */
  windowMinutes: z.number().positive().optional(),
  state: GroupStateSchema,
  queuedAt: z.string(),
  claimedAt: z.string().optional(),
  /** Who claimed it (see `claimOwner`): a claim of a process known to be gone is taken over at once. */
  claimedBy: z.string().optional(),
  resolvedAt: z.string().optional(),
  /** Blob (in the raw container) holding the orchestration input while queued; table rows hold no unbounded data. */
  inputRef: z.string().optional(),
  /** Orchestration input of a row written before inputs moved to blobs; moved to a blob when the row is claimed. */
  input: z.string().optional(),
  /** Failed start attempts of this generation, and when the next one may run. */
  attempts: z.number().int().min(0).default(0),
  nextAttemptAt: z.string().optional(),
  /** Why the last start failed (bounded), for `GET /api/incidents/{id}` and the audit log. */
  lastError: z.string().optional(),
  deadLetteredAt: z.string().optional(),
  /** Incident record that opened this generation (marked `started` when it starts). */
  ownerRecordId: z.string(),
  /** JSON array of this group's instances that were started and not yet resolved. */
  openInstances: z.string(),
});

type GroupState = z.infer<typeof GroupStateSchema>;
type GroupRow = z.infer<typeof GroupRowSchema>;

/** A group row and the ETag to write it back with. */
interface GroupSnapshot {
  row: GroupRow;
  etag: string;
}

const ROW_KEY = 'group';
/** The row as a table entity; a legacy inline input is kept only until the row is next written. */
function toEntity(row: GroupRow): Record<string, unknown> & { partitionKey: string; rowKey: string } {
  const { input, ...rest } = row;
  const entity: Record<string, unknown> & { partitionKey: string; rowKey: string } = { partitionKey: row.investigationKey, rowKey: ROW_KEY, ...rest, ...(input === undefined ? {} : splitText('input', input)) };
  for (const key of Object.keys(entity)) if (entity[key] === undefined) delete entity[key];
  return entity;
}

function fromEntity(entity: Record<string, unknown>): GroupRow {
  return GroupRowSchema.parse({ ...entity, input: joinText('input', entity) });
}

/** Groups remembered per process; the least recently written are forgotten beyond this. */
const GROUP_CACHE_ENTRIES = 5000;

function remember(store: IngestionStore, investigationKey: string, snapshot: GroupSnapshot | undefined): void {
  store.groupCache.delete(investigationKey);
  if (!snapshot) return;
  store.groupCache.set(investigationKey, { snapshot, at: Date.now() });
  if (store.groupCache.size > GROUP_CACHE_ENTRIES) store.groupCache.delete(store.groupCache.keys().next().value!);
}

/** Reads a group; `undefined` when no alert of it was seen yet. The process's cached copy is refreshed. */
async function readGroup(store: IngestionStore, investigationKey: string): Promise<GroupSnapshot | undefined> {
  await store.ready();
  try {
    const entity = await storageCall('reading the investigation group', () => store.groups.getEntity(investigationKey, ROW_KEY), [404]);
    const snapshot = { row: fromEntity(entity), etag: entity.etag! };
    remember(store, investigationKey, snapshot);
    return snapshot;
  } catch (error) {
    if (!isStorageStatus(error, 404)) throw error;
    remember(store, investigationKey, undefined);
    return undefined;
  }
}

/**
 * The group as this process last read or wrote it, when that was less than `maxAgeMs` ago, else
 * read. Only joins use it: every write to a group is ETag-conditional and starts from a fresh
 * read. With several instances, a join may follow a group that another instance resolved in the
 * last `maxAgeMs` (it is then counted on the investigation that just resolved).
 */
async function lookupGroup(store: IngestionStore, investigationKey: string, now: Date, maxAgeMs: number): Promise<GroupSnapshot | undefined> {
  const cached = store.groupCache.get(investigationKey);
  if (cached && now.getTime() - cached.at < maxAgeMs) return cached.snapshot;
  return readGroup(store, investigationKey);
}

/**
 * Writes `row` if the group still has `etag` (or does not exist yet, when `etag` is undefined).
 * Returns the new ETag, or `undefined` when another request changed the group first.
 */
async function writeGroup(store: IngestionStore, row: GroupRow, etag: string | undefined): Promise<string | undefined> {
  const entity = toEntity(row);
  try {
    const response = etag === undefined
      ? await storageCall('creating the investigation group', () => store.groups.createEntity(entity), [409])
      : await storageCall('updating the investigation group', () => store.groups.updateEntity(entity, 'Replace', { etag }), [412, 404]);
    remember(store, row.investigationKey, response.etag ? { row, etag: response.etag } : undefined);
    return response.etag ?? '*';
  } catch (error) {
    if (!isStorageStatus(error, 409, 412, 404)) throw error;
    remember(store, row.investigationKey, undefined);
    return undefined;
  }
}

/**
 * True while alerts of the group should join its current generation instead of opening a new one.
 * A dead-lettered generation takes no joins: the next alert opens a new one that is tried afresh.
 */
/** True while the generation takes joins: not resolved or dead-lettered, and within its window (its plan's, else `defaultWindowMinutes`). */
function acceptsJoins(row: GroupRow, now: Date, defaultWindowMinutes: number): boolean {
  const windowMinutes = row.windowMinutes ?? defaultWindowMinutes;
  return row.state !== 'resolved' && row.state !== 'dead-lettered' && now.getTime() - Date.parse(row.windowStartedAt) < windowMinutes * 60_000;
}

/** Instance ids of the group's started, unresolved generations. */
function openInstancesOf(row: GroupRow): string[] {
  return z.array(z.string()).parse(JSON.parse(row.openInstances));
}


const FINISHED: ReadonlySet<string> = new Set(['Completed', 'Failed', 'Terminated']);

/**
 * The started, unresolved generations of a group that a new generation must still list for a
 * resolve: finished ones are dropped, so a group that keeps firing for weeks without a resolve (a
 * new generation every window) keeps a short list. One whose status cannot be read is kept.
 */
async function unfinishedGenerations(client: InvestigationClient, previous: GroupRow | undefined): Promise<string[]> {
  if (!previous || previous.state === 'resolved') return [];
  const open = openInstancesOf(previous);
  const statuses = await Promise.all(open.map((instanceId) => client.status(instanceId).catch(() => 'unknown')));
  return open.filter((_, i) => statuses[i] !== undefined && !FINISHED.has(statuses[i]!));
}

/** Durable instance id of a generation: the investigation key, then `<key>-<n>`. */
function generationInstanceId(investigationKey: string, generation: number): string {
  return generation === 1 ? investigationKey : `${investigationKey}-${generation}`;
}

/** Blob path of a generation's queued input: per opening record, so racing openers never share one. */
function queuedInputPath(instanceId: string, ownerRecordId: string): string {
  return `queued-inputs/${instanceId}/${ownerRecordId}.json`;
}

/** Stores the orchestration input of a generation about to be opened; returns its reference. */
async function saveQueuedInput(store: IngestionStore, instanceId: string, ownerRecordId: string, incident: Incident): Promise<string> {
  await store.ready();
  const input: InvestigationInput = { schemaVersion: 1, incident, trigger: 'ingest', dryRun: false };
  const path = queuedInputPath(instanceId, ownerRecordId);
  const content = Buffer.from(JSON.stringify(input), 'utf8');
  await storageCall('storing a queued investigation input', () => store.raw.getBlockBlobClient(path).uploadData(content, { blobHTTPHeaders: { blobContentType: 'application/json' } }));
  return path;
}

/**
 * The row with an input written inline by an older version moved to a blob, so the row can be
 * written again however large that input was (such rows were what stalled the queue).
 */
async function withoutInlineInput(store: IngestionStore, row: GroupRow): Promise<GroupRow> {
  if (row.input === undefined) return row;
  const path = queuedInputPath(row.instanceId, row.ownerRecordId);
  const content = Buffer.from(row.input, 'utf8');
  await storageCall('moving a queued investigation input to a blob', () => store.raw.getBlockBlobClient(path).uploadData(content, { blobHTTPHeaders: { blobContentType: 'application/json' } }));
  return { ...row, input: undefined, inputRef: path };
}

/** The queued orchestration input of a group row; an `Error` (not retried) when there is none. */
async function queuedInputOf(store: IngestionStore, row: GroupRow): Promise<InvestigationInput> {
  if (row.inputRef === undefined) throw new Error(`group ${row.investigationKey} has no queued input`);
  const content = await storageCall('reading a queued investigation input', () => store.raw.getBlockBlobClient(row.inputRef!).downloadToBuffer());
  return InvestigationInputSchema.parse(JSON.parse(content.toString('utf8')));
}

/** Deletes a started generation's input blob; a failure only leaves a small blob behind. */
async function dropQueuedInput(store: IngestionStore, row: GroupRow): Promise<void> {
  if (row.inputRef !== undefined) await store.raw.getBlockBlobClient(row.inputRef).deleteIfExists().catch(() => undefined);
}

/**
 * The next generation's row, opened by the incident recorded as `ownerRecordId`, whose input is
 * stored at `inputRef`: queued until a starter takes it. Earlier generations still running
 * (`stillOpen`) stay listed so a resolve reaches them too.
 */
function nextGeneration(previous: GroupRow | undefined, incident: Incident, ownerRecordId: string, inputRef: string, now: Date, stillOpen: string[], windowMinutes?: number): GroupRow {
  const generation = (previous?.generation ?? 0) + 1;
  return {
    investigationKey: incident.investigationKey,
    source: incident.source,
    groupKey: incident.groupKey,
    instanceId: generationInstanceId(incident.investigationKey, generation),
    generation,
    windowStartedAt: now.toISOString(),
    ...(windowMinutes === undefined ? {} : { windowMinutes }),
    state: 'queued',
    queuedAt: now.toISOString(),
    inputRef,
    attempts: 0,
    ownerRecordId,
    openInstances: JSON.stringify(stillOpen),
  };
}

/** Lists groups in these states, oldest queued first (by default those waiting to start: queued, or claimed by a starter that may have died). */
async function listWaitingGroups(store: IngestionStore, states: readonly GroupState[] = ['queued', 'starting']): Promise<GroupSnapshot[]> {
  await store.ready();
  return storageCall('listing queued investigations', async () => {
    const waiting: GroupSnapshot[] = [];
    const filter = states.map((state) => `state eq '${state}'`).join(' or ');
    const entities = store.groups.listEntities({ queryOptions: { filter } });
    for await (const entity of entities) waiting.push({ row: fromEntity(entity), etag: entity.etag! });
    return waiting.sort((a, b) => a.row.queuedAt.localeCompare(b.row.queuedAt));
  });
}

export { GroupStateSchema, GroupRowSchema, readGroup, lookupGroup, writeGroup, acceptsJoins, openInstancesOf, unfinishedGenerations, generationInstanceId, saveQueuedInput, withoutInlineInput, queuedInputOf, dropQueuedInput, nextGeneration, listWaitingGroups };
export type { GroupState, GroupRow, GroupSnapshot };
