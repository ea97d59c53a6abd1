import type { TableClient, TransactionAction } from '@azure/data-tables';
import { GroupCommit, type ItemOutcome } from './groupCommit';

/** Operations of one partition that must commit together or not at all. */
interface TableUnit {
  partitionKey: string;
  actions: TransactionAction[];
}

/** Azure Tables takes at most 100 operations per entity-group transaction. */
const MAX_TRANSACTION_ACTIONS = 100;

function statusOf(error: unknown): number | undefined {
  const status = error instanceof Error && error.name === 'RestError' ? (error as Error & { statusCode?: unknown }).statusCode : undefined;
  return typeof status === 'number' ? status : undefined;
}

function rowKeyOf(action: TransactionAction): string {
  return String(action[1].rowKey);
}

/**
 * Packs units into transactions of at most 100 operations in which every row appears once (a
 * transaction may not touch a row twice); a unit that would repeat a row starts the next one.
 */
function pack(units: Array<{ unit: TableUnit; slot: number }>): Array<Array<{ unit: TableUnit; slot: number }>> {
  const chunks: Array<Array<{ unit: TableUnit; slot: number }>> = [];
  let chunk: Array<{ unit: TableUnit; slot: number }> = [];
  let rows = new Set<string>();
  let size = 0;
  for (const entry of units) {
    const keys = entry.unit.actions.map(rowKeyOf);
    if (chunk.length > 0 && (size + keys.length > MAX_TRANSACTION_ACTIONS || keys.some((k) => rows.has(k)))) {
      chunks.push(chunk);
      chunk = [];
      rows = new Set();
      size = 0;
    }
    chunk.push(entry);
    keys.forEach((k) => rows.add(k));
    size += keys.length;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/**
 * Group-commits writes to one table: units submitted while a transaction is in flight are packed
 * into the next transactions of their partition. When a packed transaction is refused for one
 * unit (a 4xx: an entity that already exists, a stale ETag, a missing row), each of its units is
 * retried in a transaction of its own, so every unit gets its own answer. Other failures (5xx,
 * network) fail every unit of the transaction.
 */
class TableBatchWriter {
  private readonly commits: GroupCommit<TableUnit, void>;

  public constructor(private readonly table: TableClient, options: { maxBatch?: number } = {}) {
    this.commits = new GroupCommit((units) => this.write(units), { maxBatch: options.maxBatch ?? 500 });
  }

  /** Commits the unit; rejects with the storage error (a `RestError` with `statusCode`) when it is refused. */
  public commit(unit: TableUnit): Promise<void> {
    if (unit.actions.length === 0 || unit.actions.length > MAX_TRANSACTION_ACTIONS) throw new Error(`a table unit needs 1 to ${MAX_TRANSACTION_ACTIONS} actions, got ${unit.actions.length}`);
    if (unit.actions.some((action) => action[1].partitionKey !== unit.partitionKey)) throw new Error('every action of a table unit must be in its partition');
    return this.commits.submit(unit).done;
  }

  private async write(units: TableUnit[]): Promise<Array<ItemOutcome<void>>> {
    const outcomes: Array<ItemOutcome<void>> = units.map(() => ({ ok: true, value: undefined }));
    const partitions = new Map<string, Array<{ unit: TableUnit; slot: number }>>();
    units.forEach((unit, slot) => partitions.set(unit.partitionKey, [...(partitions.get(unit.partitionKey) ?? []), { unit, slot }]));
    await Promise.all(
      [...partitions.values()].map(async (entries) => {
        // Transactions of one partition run in order: a later one may touch a row an earlier one wrote.
        for (const chunk of pack(entries)) {
          try {
            await this.table.submitTransaction(chunk.flatMap((entry) => entry.unit.actions));
          } catch (error) {
            const status = statusOf(error);
            if (chunk.length === 1 || status === undefined || status < 400 || status >= 500) {
              for (const entry of chunk) outcomes[entry.slot] = { ok: false, error };
              continue;
            }
            // The rows of one chunk are distinct, so its units can be retried side by side.
            await Promise.all(
              chunk.map((entry) =>
                this.table.submitTransaction(entry.unit.actions).catch((unitError: unknown) => {
                  outcomes[entry.slot] = { ok: false, error: unitError };
                }),
              ),
            );
          }
        }
      }),
    );
    return outcomes;
  }
}

export { TableBatchWriter, MAX_TRANSACTION_ACTIONS };
export type { TableUnit };
