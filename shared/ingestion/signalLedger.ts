import type { TransactionAction } from '@azure/data-tables';
import type { IncidentSource } from '../incident';
import { MAX_TRANSACTION_ACTIONS } from '../storage';
import type { IngestionStore } from './ingestionStore';
import { storageCall } from './storageCalls';
import { indexPartitionOf, keyHash } from './storageKeys';

/**
 * The signal ledger: what reached an investigation after it started, kept in the incident index
 * beside the group's records (the group's partition) under `s~<hash of instance id>~<entry>`:
 * - a join: `<record row key>` (hex), written in one transaction with the alert's record;
 * - an update from the source: `u<hash of delivery id>`;
 * - a resolve from the source: `v<hash of delivery id>`, with `resolvedAt`.
 * Record row keys are hex, so they sort before every ledger row and `RowKey lt 's~'` selects
 * records only.
 *
 * The ledger, not the Durable events, is what an investigation learns from: an event is only a
 * nudge to read it. A nudge lost (continue-as-new drops events still buffered) or raised twice
 * changes nothing, so a storm costs a share of one batched transaction per alert and one nudge per
 * interval, and the monitoring loop can restart itself as often as it likes to keep its history short.
 */
const LEDGER_PREFIX = 's~';
const RECORDS_ONLY_FILTER = `RowKey lt '${LEDGER_PREFIX}'`;
const UPDATE_MARK = 'u';
const RESOLVE_MARK = 'v';

function ledgerRange(instanceId: string): { from: string; to: string } {
  const base = `${LEDGER_PREFIX}${keyHash(instanceId)}~`;
  return { from: base, to: `${base}~` };
}

/** The create action of the ledger row that joins `recordRowKey` to `instanceId`. */
function ledgerRowAction(partitionKey: string, instanceId: string, recordRowKey: string, joinedAt: string): TransactionAction {
  return ['create', { partitionKey, rowKey: `${ledgerRange(instanceId).from}${recordRowKey}`, instanceId, joinedAt }];
}

/** An update or resolve delivered to one investigation; the delivery id keeps a retried delivery to one row. */
type LedgerEntry = { kind: 'update'; deliveryId: string; at: string } | { kind: 'resolve'; deliveryId: string; resolvedAt: string };

/**
 * Writes `entry` on the ledgers of `instanceIds` (generations of one group), before the nudge
 * that tells them: an investigation that misses the nudge still finds the entry when it next reads.
 */
async function recordLedgerEntry(store: IngestionStore, source: IncidentSource, investigationKey: string, instanceIds: string[], entry: LedgerEntry): Promise<void> {
  if (instanceIds.length === 0) return;
  await store.ready();
  const partitionKey = indexPartitionOf(source, investigationKey);
  const actions: TransactionAction[] = instanceIds.map((instanceId) => {
    const mark = entry.kind === 'update' ? UPDATE_MARK : RESOLVE_MARK;
    const fields = entry.kind === 'update' ? { at: entry.at } : { resolvedAt: entry.resolvedAt };
    return ['upsert', { partitionKey, rowKey: `${ledgerRange(instanceId).from}${mark}${keyHash(entry.deliveryId)}`, instanceId, ...fields }, 'Replace'];
  });
  // A group's open generations are not capped, a transaction is: one unit per 100.
  const units = Array.from({ length: Math.ceil(actions.length / MAX_TRANSACTION_ACTIONS) }, (_, i) => actions.slice(i * MAX_TRANSACTION_ACTIONS, (i + 1) * MAX_TRANSACTION_ACTIONS));
  await storageCall(`recording the ${entry.kind} on the signal ledger`, () => Promise.all(units.map((unit) => store.incidentWrites.commit({ partitionKey, actions: unit }))));
}

/** What one investigation's ledger holds: alerts that joined (its opener not counted), updates, and the earliest resolve. */
interface LedgerSummary {
  joined: number;
  updates: number;
  resolvedAt: string | null;
}

async function readLedger(store: IngestionStore, source: IncidentSource, investigationKey: string, instanceId: string): Promise<LedgerSummary> {
  await store.ready();
  const { from, to } = ledgerRange(instanceId);
  return storageCall('reading the signal ledger', async () => {
    const summary: LedgerSummary = { joined: 0, updates: 0, resolvedAt: null };
    const filter = `PartitionKey eq '${indexPartitionOf(source, investigationKey)}' and RowKey ge '${from}' and RowKey lt '${to}'`;
    for await (const row of store.incidents.listEntities<{ resolvedAt?: string }>({ queryOptions: { filter, select: ['RowKey', 'resolvedAt'] } })) {
      const mark = String(row.rowKey).charAt(from.length);
      if (mark === UPDATE_MARK) summary.updates++;
      else if (mark === RESOLVE_MARK) summary.resolvedAt = earliest(summary.resolvedAt, String(row.resolvedAt));
      else summary.joined++;
    }
    return summary;
  });
}

function earliest(current: string | null, candidate: string): string {
  return current === null || Date.parse(candidate) < Date.parse(current) ? candidate : current;
}

export { ledgerRowAction, recordLedgerEntry, readLedger, RECORDS_ONLY_FILTER };
export type { LedgerEntry, LedgerSummary };
