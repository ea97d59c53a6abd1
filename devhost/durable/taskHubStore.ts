import { randomUUID } from 'node:crypto';
import { RestError, TableClient, type TableEntity, type TransactionAction } from '@azure/data-tables';
import { StorageUnavailableError } from '../../shared/errors';
import type { HistoryEvent } from './historyEvents';

/** Runtime status names used by the Durable HTTP API. */
type RuntimeStatus = 'Pending' | 'Running' | 'Completed' | 'ContinuedAsNew' | 'Failed' | 'Terminated' | 'Suspended';

/** Work the host owes an instance for a sequence id it has scheduled. */
interface PendingWork {
  kind: 'activity' | 'timer' | 'subOrchestration';
  name?: string;
  input?: unknown;
  fireAt?: string;
  childInstanceId?: string;
  /** Present when the work belongs to a `...WithRetry` action. */
  retry?: { options: import('./actions').RetryOptionsWire; attempt: number; firstAttemptAt: string; isRetryTimer?: boolean };
}

/** The state row of one instance. History is stored beside it, one row per event. */
interface InstanceState {
  instanceId: string;
  name: string;
  executionId: string;
  status: RuntimeStatus;
  input: unknown;
  output: unknown;
  customStatus: unknown;
  createdTime: string;
  lastUpdatedTime: string;
  parentInstanceId?: string;
  /** Sequence id the parent scheduled this instance under. */
  parentTaskId?: number;
  /** The parent's execution when this instance was created, so its completion reaches that execution only. */
  parentExecutionId?: string;
  /** Number of committed history events; rows past it are leftovers of an interrupted write. */
  historyLength: number;
  /** Sequence ids handed out so far (mirrors the library's `sequenceNumber`). */
  nextId: number;
  /** Flattened actions already turned into history, with what each was, for the determinism check. */
  scheduled: Array<{ actionType: number; name?: string; id?: number }>;
  /** Outstanding work by sequence id. */
  pending: Record<string, PendingWork>;
  /** Timer ids the orchestrator cancelled (a `Task.any` loser): their firing is dropped. */
  canceledTimers: number[];
}

/** A message waiting in an instance's inbox: one history event to deliver. */
interface InboxMessage {
  rowKey: string;
  event: HistoryEvent;
  /** Execution the message belongs to; messages for an earlier execution (before continue-as-new) are dropped. */
  executionId?: string;
  /** True when the message has a row in storage (to delete when consumed). */
  persisted?: boolean;
}

const CHUNK = 30_000;

/** Stores JSON in one or more string properties (an Azure Table string property holds 64 KiB). */
function packJson(value: unknown): Record<string, string | number> {
  const text = JSON.stringify(value ?? null);
  const out: Record<string, string | number> = { chunks: Math.max(1, Math.ceil(text.length / CHUNK)) };
  for (let i = 0; i * CHUNK < text.length || i === 0; i++) out[`d${i}`] = text.slice(i * CHUNK, (i + 1) * CHUNK);
  return out;
}

function unpackJson<T>(entity: Record<string, unknown>): T {
  const chunks = Number(entity.chunks ?? 1);
  let text = '';
  for (let i = 0; i < chunks; i++) text += String(entity[`d${i}`] ?? '');
  return JSON.parse(text) as T;
}

/** Escapes characters Azure Tables forbids in keys (`/ \ # ?` and controls). */
function encodeKey(value: string): string {
  return value.replace(/[/\\#?%\u0000-\u001f\u007f-\u009f]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

let lastStamp = 0n;

/** A new inbox message; row keys sort by arrival (monotonic within this process). */
function newInboxMessage(event: HistoryEvent, executionId?: string): InboxMessage {
  let stamp = BigInt(Date.now()) * 1_000_000n;
  if (stamp <= lastStamp) stamp = lastStamp + 1n;
  lastStamp = stamp;
  return { rowKey: `m-${stamp.toString().padStart(22, '0')}-${randomUUID().slice(0, 8)}`, event, executionId };
}

const historyRowKey = (index: number): string => `h-${String(index).padStart(9, '0')}`;
const STATE_ROW = 'state';

/**
 * Persists task hub state in one Azure Table (Azurite locally): per instance a partition with
 * a `state` row, `h-` history rows and `m-` inbox rows, so that appending an episode's history,
 * consuming its inbox messages and updating the state commit in one entity-group transaction.
 */
class TaskHubStore {
  private readonly table: TableClient;

  public constructor(connectionString: string, taskHub: string) {
    const tableName = `${taskHub.replace(/[^A-Za-z0-9]/g, '')}DevhostHub`.slice(0, 63);
    this.table = TableClient.fromConnectionString(connectionString, tableName, { allowInsecureConnection: true });
  }

  /** Creates the table, turning network failures into a clear StorageUnavailableError. */
  public async initialize(): Promise<void> {
    try {
      await this.table.createTable();
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 409) return;
      throw new StorageUnavailableError(this.table.url, error instanceof Error ? error.message : String(error), { cause: error });
    }
  }

  public async getState(instanceId: string): Promise<InstanceState | undefined> {
    try {
      const entity = await this.table.getEntity<Record<string, unknown>>(encodeKey(instanceId), STATE_ROW);
      return unpackJson<InstanceState>(entity);
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 404) return undefined;
      throw error;
    }
  }

  /** Every instance's state row (local task hubs are small; the management API filters them). */
  public async listStates(): Promise<InstanceState[]> {
    const out: InstanceState[] = [];
    for await (const entity of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter: `RowKey eq '${STATE_ROW}'` } })) {
      out.push(unpackJson<InstanceState>(entity));
    }
    return out;
  }

  /** Committed history of an instance (rows beyond `historyLength` are ignored). */
  public async getHistory(state: InstanceState): Promise<HistoryEvent[]> {
    const events: HistoryEvent[] = [];
    const filter = `PartitionKey eq '${encodeKey(state.instanceId)}' and RowKey ge 'h-' and RowKey lt 'h.'`;
    for await (const entity of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
      events.push(unpackJson<HistoryEvent>(entity));
    }
    return events.slice(0, state.historyLength);
  }

  public async getInbox(instanceId: string): Promise<InboxMessage[]> {
    const messages: InboxMessage[] = [];
    const filter = `PartitionKey eq '${encodeKey(instanceId)}' and RowKey ge 'm-' and RowKey lt 'm.'`;
    for await (const entity of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
      const body = unpackJson<{ event: HistoryEvent; executionId?: string }>(entity);
      messages.push({ rowKey: String(entity.rowKey), event: body.event, executionId: body.executionId, persisted: true });
    }
    return messages.sort((a, b) => a.rowKey.localeCompare(b.rowKey));
  }

  /** Durably enqueues an event for an instance; the row key orders messages by arrival. */
  public async enqueue(instanceId: string, event: HistoryEvent, executionId?: string): Promise<InboxMessage> {
    const message = newInboxMessage(event, executionId);
    await this.table.createEntity({ partitionKey: encodeKey(instanceId), rowKey: message.rowKey, ...packJson({ event, executionId }) });
    return { ...message, persisted: true };
  }

  /** Creates a brand-new instance (state + first inbox message) atomically; false if it exists. */
  public async createInstance(state: InstanceState, first: InboxMessage): Promise<boolean> {
    const partitionKey = encodeKey(state.instanceId);
    first.persisted = true;
    try {
      await this.table.submitTransaction([
        ['create', { partitionKey, rowKey: STATE_ROW, ...packJson(state) }],
        ['create', { partitionKey, rowKey: first.rowKey, ...packJson({ event: first.event, executionId: first.executionId }) }],
      ]);
      return true;
    } catch (error) {
      if (error instanceof RestError && (error.statusCode === 409 || error.code === 'EntityAlreadyExists')) return false;
      throw error;
    }
  }

  /**
   * Commits one episode: new history rows, consumed persisted inbox messages, inbox messages to
   * add (marked persisted) and the new state. History
   * rows go first in separate batches when there are many (at most 100 operations per
   * transaction); they are invisible until the final batch moves `historyLength`.
   */
  public async commitEpisode(state: InstanceState, newEvents: HistoryEvent[], consumed: string[], enqueue: InboxMessage[] = []): Promise<void> {
    const partitionKey = encodeKey(state.instanceId);
    const firstIndex = state.historyLength - newEvents.length;
    const historyOps: TransactionAction[] = newEvents.map((event, i) => [
      'upsert',
      { partitionKey, rowKey: historyRowKey(firstIndex + i), ...packJson(event) } as TableEntity,
      'Replace',
    ]);
    const finalOps: TransactionAction[] = [
      ...consumed.map((rowKey): TransactionAction => ['delete', { partitionKey, rowKey }]),
      ...enqueue.map((m): TransactionAction => {
        m.persisted = true;
        return ['create', { partitionKey, rowKey: m.rowKey, ...packJson({ event: m.event, executionId: m.executionId }) }];
      }),
      ['upsert', { partitionKey, rowKey: STATE_ROW, ...packJson(state) } as TableEntity, 'Replace'],
    ];
    const room = 100 - finalOps.length;
    const early = historyOps.slice(0, Math.max(0, historyOps.length - room));
    for (let i = 0; i < early.length; i += 100) await this.table.submitTransaction(early.slice(i, i + 100));
    await this.table.submitTransaction([...historyOps.slice(early.length), ...finalOps]);
  }

  /** Saves the state row alone (status changes outside an episode: terminate, suspend). */
  public async saveState(state: InstanceState): Promise<void> {
    await this.table.upsertEntity({ partitionKey: encodeKey(state.instanceId), rowKey: STATE_ROW, ...packJson(state) }, 'Replace');
  }

  /** Deletes an instance's whole partition; returns whether it existed. */
  public async purge(instanceId: string): Promise<boolean> {
    const partitionKey = encodeKey(instanceId);
    const keys: string[] = [];
    for await (const entity of this.table.listEntities({ queryOptions: { filter: `PartitionKey eq '${partitionKey}'`, select: ['RowKey'] } })) {
      keys.push(String(entity.rowKey));
    }
    for (let i = 0; i < keys.length; i += 100) {
      await this.table.submitTransaction(keys.slice(i, i + 100).map((rowKey): TransactionAction => ['delete', { partitionKey, rowKey }]));
    }
    return keys.includes(STATE_ROW);
  }
}

export { TaskHubStore, newInboxMessage };
export type { InstanceState, InboxMessage, PendingWork, RuntimeStatus };
