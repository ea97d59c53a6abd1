import type { TransactionAction } from '@azure/data-tables';
import type { IncidentSource } from '../incident';
import type { IngestionStore } from './ingestionStore';
import { storageCall } from './storageCalls';
import { indexPartitionOf, keyHash } from './storageKeys';

/**
 * The signal ledger: one row per alert that joined an investigation, kept in the incident index
 * beside the alert's own record (the group's partition, so both commit in one transaction) under
 * `s~<hash of instance id>~<record row key>`. Record row keys are hex, so they sort before every
 * ledger row and `RowKey lt 's~'` selects records only.
 *
 * The ledger, not one Durable event per alert, is how a join reaches its investigation: the
 * investigation counts its rows when nudged and once more before it ends. A join then costs a
 * share of one batched transaction instead of a Durable event, an episode and a replay.
 */
const LEDGER_PREFIX = 's~';
const RECORDS_ONLY_FILTER = `RowKey lt '${LEDGER_PREFIX}'`;

function ledgerRange(instanceId: string): { from: string; to: string } {
  const base = `${LEDGER_PREFIX}${keyHash(instanceId)}~`;
  return { from: base, to: `${base}~` };
}

/** The create action of the ledger row that joins `recordRowKey` to `instanceId`. */
function ledgerRowAction(partitionKey: string, instanceId: string, recordRowKey: string, joinedAt: string): TransactionAction {
  return ['create', { partitionKey, rowKey: `${ledgerRange(instanceId).from}${recordRowKey}`, instanceId, joinedAt }];
}

/** How many alerts of the group joined its investigation `instanceId` (the one that opened it not counted). */
async function countJoinedSignals(store: IngestionStore, source: IncidentSource, investigationKey: string, instanceId: string): Promise<number> {
  await store.ready();
  const { from, to } = ledgerRange(instanceId);
  return storageCall('counting joined signals', async () => {
    let count = 0;
    const filter = `PartitionKey eq '${indexPartitionOf(source, investigationKey)}' and RowKey ge '${from}' and RowKey lt '${to}'`;
    for await (const _row of store.incidents.listEntities({ queryOptions: { filter, select: ['RowKey'] } })) count++;
    return count;
  });
}

export { ledgerRowAction, countJoinedSignals, RECORDS_ONLY_FILTER };
