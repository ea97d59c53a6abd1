import { createHash } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { TransientError } from '../errors';
import { DeliveryResultSchema, DestinationNameSchema, type DeliveryResult, type DestinationName } from './deliveryTypes';

/** State of one write: `attempted` before the call, `delivered` or `failed` after it. */
const LedgerStateSchema = z.enum(['attempted', 'delivered', 'failed']);

/** One ledger row, as read back (the table adds `etag`). */
const LedgerEntrySchema = z.object({
  key: z.string(),
  instanceId: z.string(),
  destination: DestinationNameSchema,
  state: LedgerStateSchema,
  /** How many times a delivery of this key started. */
  tries: z.number().int().nonnegative(),
  firstAttemptAt: z.string(),
  updatedAt: z.string(),
  /** JSON array of sub-steps done (e.g. `["note"]`), so a retry does not repeat them. */
  steps: z.string().default('[]'),
  /** JSON of the last DeliveryResult. */
  result: z.string().optional(),
});

type LedgerState = z.infer<typeof LedgerStateSchema>;

/**
 * The newest failed delivery of a destination, kept in the ledger table itself (one row per
 * destination in its own partition) so `/api/health` reads it with one query, whichever instance
 * delivered and after any restart; an in-process record would forget on restart and show each
 * scaled-out instance only its own failures.
 */
const LastFailureSchema = z.object({
  destination: DestinationNameSchema,
  at: z.string(),
  instanceId: z.string(),
  code: z.string(),
  message: z.string(),
});

type LastDeliveryFailure = z.infer<typeof LastFailureSchema>;

/** Partition of the last-failure rows; `~` never starts an investigation's partition (see partitionOf). */
const LAST_FAILURE_PARTITION = '~last-failure';

/** A ledger row with its parsed parts. */
interface LedgerEntry {
  key: string;
  instanceId: string;
  destination: DestinationName;
  state: LedgerState;
  tries: number;
  firstAttemptAt: string;
  updatedAt: string;
  steps: string[];
  result?: DeliveryResult;
  etag: string;
}

/**
 * The delivery ledger: one row per idempotency key in an Azure Table (`Deliveries` by default),
 * partitioned by investigation so the status page lists an investigation's deliveries with one
 * query. Every storage failure is a TransientError: the write-back activity should be retried
 * by Durable, and the ledger then tells the retry what already happened.
 */
class DeliveryLedger {
  private ready: Promise<void> | undefined;

  public constructor(private readonly table: TableClient) {}

  private ensureTable(): Promise<void> {
    this.ready ??= storage('creating the deliveries table', () => this.table.createTable()).then(
      () => undefined,
      (error: unknown) => {
        this.ready = undefined;
        throw error;
      },
    );
    return this.ready;
  }

  /** The row of a key, or `undefined` before its first attempt. */
  public async get(instanceId: string, key: string): Promise<LedgerEntry | undefined> {
    await this.ensureTable();
    try {
      const entity = await this.table.getEntity(partitionOf(instanceId), rowOf(key));
      return entryOf(entity);
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw new TransientError(`storage failed while reading the delivery ledger${statusSuffix(error)}`, { cause: error });
    }
  }

  /**
   * Records that a delivery is about to be attempted. Uses the row's ETag so two concurrent
   * executions of the same activity cannot both go ahead: the loser gets a TransientError and,
   * on its retry, finds the winner's outcome.
   */
  public async markAttempted(instanceId: string, key: string, destination: DestinationName, previous: LedgerEntry | undefined, now: Date): Promise<LedgerEntry> {
    await this.ensureTable();
    const at = now.toISOString();
    const row = {
      partitionKey: partitionOf(instanceId),
      rowKey: rowOf(key),
      key,
      instanceId,
      destination,
      state: 'attempted' as const,
      tries: (previous?.tries ?? 0) + 1,
      firstAttemptAt: previous?.firstAttemptAt ?? at,
      updatedAt: at,
      steps: JSON.stringify(previous?.steps ?? []),
    };
    try {
      const response = previous
        ? await this.table.updateEntity(row, 'Merge', { etag: previous.etag })
        : await this.table.createEntity(row);
      return { ...row, steps: previous?.steps ?? [], ...(previous?.result ? { result: previous.result } : {}), etag: response.etag ?? '' };
    } catch (error) {
      const status = statusOf(error);
      if (status === 409 || status === 412) {
        throw new TransientError(`another execution is delivering ${key} right now; retry to read its outcome`, { cause: error });
      }
      throw new TransientError(`storage failed while recording an attempted delivery${statusSuffix(error)}`, { cause: error });
    }
  }

  /** Adds a finished sub-step (e.g. the note was posted) to an attempted row. */
  public async addStep(entry: LedgerEntry, step: string, now: Date): Promise<LedgerEntry> {
    const steps = [...new Set([...entry.steps, step])];
    const response = await storage('recording a delivery step', () =>
      this.table.updateEntity({ partitionKey: partitionOf(entry.instanceId), rowKey: rowOf(entry.key), steps: JSON.stringify(steps), updatedAt: now.toISOString() }, 'Merge'),
    );
    return { ...entry, steps, etag: response.etag ?? entry.etag };
  }

  /** Records the outcome; `skipped` counts as delivered (nothing left to do for this key). */
  public async markFinished(entry: LedgerEntry, result: DeliveryResult, now: Date): Promise<void> {
    const state: LedgerState = result.status === 'failed' ? 'failed' : 'delivered';
    await storage('recording a delivery outcome', () =>
      this.table.updateEntity(
        { partitionKey: partitionOf(entry.instanceId), rowKey: rowOf(entry.key), state, result: JSON.stringify(result), updatedAt: now.toISOString() },
        'Merge',
      ),
    );
    if (result.status === 'failed') await this.recordLastFailure(entry, result, now);
  }

  /**
   * Best effort: the outcome row above is the record of truth and has been written; failing the
   * delivery (and retrying its write) because the health summary could not be updated would
   * repeat work for a dashboard line.
   */
  private async recordLastFailure(entry: LedgerEntry, result: DeliveryResult, now: Date): Promise<void> {
    const failure: LastDeliveryFailure = {
      destination: entry.destination,
      at: now.toISOString(),
      instanceId: entry.instanceId,
      code: result.error?.code ?? 'failed',
      message: (result.error?.message ?? 'the delivery failed').slice(0, 300),
    };
    try {
      await this.table.upsertEntity({ partitionKey: LAST_FAILURE_PARTITION, rowKey: entry.destination, ...failure }, 'Replace');
    } catch {
      // Deliberately ignored, see above.
    }
  }

  /** The newest failed delivery of each destination that ever failed. */
  public async lastFailures(options: { abortSignal?: AbortSignal } = {}): Promise<LastDeliveryFailure[]> {
    const out: LastDeliveryFailure[] = [];
    try {
      const filter = `PartitionKey eq '${LAST_FAILURE_PARTITION}'`;
      for await (const entity of this.table.listEntities({ queryOptions: { filter }, ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}) })) {
        const parsed = LastFailureSchema.safeParse(entity);
        if (parsed.success) out.push(parsed.data);
      }
    } catch (error) {
      if (statusOf(error) === 404) return [];
      throw new TransientError(`storage failed while reading the last delivery failures${statusSuffix(error)}`, { cause: error });
    }
    return out;
  }

  /** Every delivery of an investigation, for its status page (oldest first). */
  public async list(instanceId: string): Promise<LedgerEntry[]> {
    await this.ensureTable();
    const out: LedgerEntry[] = [];
    await storage('listing deliveries', async () => {
      const filter = `PartitionKey eq '${partitionOf(instanceId).replace(/'/g, "''")}'`;
      for await (const entity of this.table.listEntities({ queryOptions: { filter } })) out.push(entryOf(entity));
    });
    return out.sort((a, b) => a.firstAttemptAt.localeCompare(b.firstAttemptAt));
  }
}

function entryOf(entity: Record<string, unknown>): LedgerEntry {
  const parsed = LedgerEntrySchema.parse(entity);
  const result = parsed.result === undefined ? undefined : DeliveryResultSchema.parse(JSON.parse(parsed.result));
  return {
    key: parsed.key,
    instanceId: parsed.instanceId,
    destination: parsed.destination,
    state: parsed.state,
    tries: parsed.tries,
    firstAttemptAt: parsed.firstAttemptAt,
    updatedAt: parsed.updatedAt,
    steps: z.array(z.string()).parse(JSON.parse(parsed.steps)),
    ...(result ? { result } : {}),
    etag: typeof entity.etag === 'string' ? entity.etag : '',
  };
}

// Table keys may not contain / \ # ? or control characters; instance ids and keys are ours but
// not guaranteed free of them, so keys are hashed and the readable values kept as columns.
function partitionOf(instanceId: string): string {
  return /^[A-Za-z0-9_.:-]{1,200}$/.test(instanceId) ? instanceId : `h-${hash(instanceId)}`;
}

function rowOf(key: string): string {
  return hash(key);
}

function hash(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 32);
}

function statusOf(error: unknown): number | undefined {
  if (!(error instanceof Error) || error.name !== 'RestError') return undefined;
  const status = (error as Error & { statusCode?: unknown }).statusCode;
  return typeof status === 'number' ? status : undefined;
}

function statusSuffix(error: unknown): string {
  const status = statusOf(error);
  return status === undefined ? '' : ` (HTTP ${status})`;
}

async function storage<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (what === 'creating the deliveries table' && statusOf(error) === 409) return undefined as T;
    throw new TransientError(`storage failed while ${what}${statusSuffix(error)}`, { cause: error });
  }
}

export { DeliveryLedger, LedgerStateSchema };
export type { LedgerEntry, LedgerState, LastDeliveryFailure };
