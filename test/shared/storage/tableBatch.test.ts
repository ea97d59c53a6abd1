import { randomBytes } from 'node:crypto';
import { TableClient, type TransactionAction } from '@azure/data-tables';
import { MAX_TRANSACTION_ACTIONS, TableBatchWriter } from '../../../shared/storage/tableBatch';

/** Delegates to the real client and counts the transactions sent, to see how units were packed. */
function countingTable(table: TableClient): { client: TableClient; transactions: () => number } {
  let transactions = 0;
  const counting = {
    submitTransaction(actions: TransactionAction[]) {
      transactions++;
      return table.submitTransaction(actions);
    },
  };
  return { client: counting as unknown as TableClient, transactions: () => transactions };
}

async function rowKeysOf(table: TableClient, partitionKey: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const entity of table.listEntities({ queryOptions: { filter: `PartitionKey eq '${partitionKey}'` } })) keys.push(String(entity.rowKey));
  return keys.sort();
}

function create(partitionKey: string, rowKey: string, extra: Record<string, string> = {}): TransactionAction {
  return ['create', { partitionKey, rowKey, ...extra }];
}

describe('TableBatchWriter against Azurite', () => {
  const table = TableClient.fromConnectionString(process.env.TEST_STORAGE_CONNECTION_STRING!, `TableBatch${randomBytes(4).toString('hex')}`, { allowInsecureConnection: true });

  beforeAll(async () => {
    await table.createTable();
  });

  afterAll(async () => {
    await table.deleteTable();
  });

  it('lands every unit committed concurrently to one partition, in fewer transactions than units', async () => {
    // Prepare
    const { client, transactions } = countingTable(table);
    const writer = new TableBatchWriter(client);
    const rowKeys = Array.from({ length: 60 }, (_, i) => `row${String(i).padStart(3, '0')}`);

    // Act
    await Promise.all(rowKeys.map((rowKey) => writer.commit({ partitionKey: 'many', actions: [create('many', rowKey, { n: rowKey })] })));

    // Assess
    expect(await rowKeysOf(table, 'many')).toEqual(rowKeys);
    expect(transactions()).toBeGreaterThan(0);
    expect(transactions()).toBeLessThan(rowKeys.length);
  });

  it('splits units of more than 100 actions in total over several transactions of the partition', async () => {
    // Prepare
    const { client, transactions } = countingTable(table);
    const writer = new TableBatchWriter(client);
    const full = Array.from({ length: MAX_TRANSACTION_ACTIONS }, (_, i) => create('full', `big${String(i).padStart(3, '0')}`));

    // Act
    await Promise.all([writer.commit({ partitionKey: 'full', actions: full }), writer.commit({ partitionKey: 'full', actions: [create('full', 'small')] })]);

    // Assess
    expect(await rowKeysOf(table, 'full')).toHaveLength(MAX_TRANSACTION_ACTIONS + 1);
    expect(transactions()).toBe(2);
  });

  it('rejects a unit whose create conflicts with an existing entity with a 409 and lands the other units of its batch', async () => {
    // Prepare
    await table.createEntity({ partitionKey: 'conflict', rowKey: 'taken', owner: 'first' });
    const writer = new TableBatchWriter(table);

    // Act
    const results = await Promise.allSettled([
      writer.commit({ partitionKey: 'conflict', actions: [create('conflict', 'a')] }),
      writer.commit({ partitionKey: 'conflict', actions: [create('conflict', 'taken', { owner: 'second' })] }),
      writer.commit({ partitionKey: 'conflict', actions: [create('conflict', 'b')] }),
    ]);

    // Assess
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ name: 'RestError', statusCode: 409 });
    expect(await rowKeysOf(table, 'conflict')).toEqual(['a', 'b', 'taken']);
    expect((await table.getEntity('conflict', 'taken')).owner).toBe('first');
  });

  it('answers two units touching the same row in one batch, in the order they were committed', async () => {
    // Prepare
    const { client, transactions } = countingTable(table);
    const writer = new TableBatchWriter(client);

    // Act
    const results = await Promise.allSettled([
      writer.commit({ partitionKey: 'same', actions: [create('same', 'row', { first: 'x' })] }),
      writer.commit({ partitionKey: 'same', actions: [['update', { partitionKey: 'same', rowKey: 'row', second: 'y' }, 'Merge']] }),
    ]);

    // Assess
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(await table.getEntity('same', 'row')).toMatchObject({ first: 'x', second: 'y' });
    // A transaction may not touch a row twice, so the second unit goes in a transaction of its own after the first.
    expect(transactions()).toBe(2);
  });

  it('writes none of the rows of a multi-action unit when one of them already exists', async () => {
    // Prepare
    await table.createEntity({ partitionKey: 'atomic', rowKey: 'm2' });
    const writer = new TableBatchWriter(table);

    // Act
    const results = await Promise.allSettled([
      writer.commit({ partitionKey: 'atomic', actions: [create('atomic', 'm1'), create('atomic', 'm2')] }),
      writer.commit({ partitionKey: 'atomic', actions: [create('atomic', 'other')] }),
    ]);

    // Assess
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    expect((results[0] as PromiseRejectedResult).reason).toMatchObject({ statusCode: 409 });
    expect(await rowKeysOf(table, 'atomic')).toEqual(['m2', 'other']);
  });

  it('refuses units with no action, more than 100 actions, or an action of another partition', () => {
    // Prepare
    const writer = new TableBatchWriter(table);
    const tooMany = Array.from({ length: MAX_TRANSACTION_ACTIONS + 1 }, (_, i) => create('invalid', `r${i}`));

    // Act
    const empty = () => writer.commit({ partitionKey: 'invalid', actions: [] });
    const oversized = () => writer.commit({ partitionKey: 'invalid', actions: tooMany });
    const crossing = () => writer.commit({ partitionKey: 'invalid', actions: [create('invalid', 'a'), create('elsewhere', 'b')] });

    // Assess
    expect(empty).toThrow('a table unit needs 1 to 100 actions, got 0');
    expect(oversized).toThrow('a table unit needs 1 to 100 actions, got 101');
    expect(crossing).toThrow('every action of a table unit must be in its partition');
  });
});
