import { GroupCommit, type ItemOutcome } from '../../../shared/storage/groupCommit';

/** A promise the test settles by hand, so batching is driven by events, not by timing. */
interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A write function that records each call and answers only when the test settles that call. */
function scriptedWrite<I, R>(): {
  write: (items: I[], batchId: number) => Promise<Array<ItemOutcome<R>>>;
  calls: Array<{ items: I[]; batchId: number; answer: Deferred<Array<ItemOutcome<R>>> }>;
} {
  const calls: Array<{ items: I[]; batchId: number; answer: Deferred<Array<ItemOutcome<R>>> }> = [];
  const write = (items: I[], batchId: number): Promise<Array<ItemOutcome<R>>> => {
    const answer = deferred<Array<ItemOutcome<R>>>();
    calls.push({ items: [...items], batchId, answer });
    return answer.promise;
  };
  return { write, calls };
}

/** Every item succeeds with a value derived from it. */
function allOk(items: string[]): Array<ItemOutcome<string>> {
  return items.map((item) => ({ ok: true, value: `stored:${item}` }));
}

/** Lets queued microtasks and promise callbacks (the pump, settled writes) run. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

describe('GroupCommit', () => {
  it('writes an item submitted with nothing in flight at once, in a batch of its own', async () => {
    // Prepare
    const { write, calls } = scriptedWrite<string, string>();
    const commits = new GroupCommit(write, { maxBatch: 10 });

    // Act
    const submission = commits.submit('a');
    await settle();

    // Assess
    expect(calls.map((call) => ({ items: call.items, batchId: call.batchId }))).toEqual([{ items: ['a'], batchId: 0 }]);
    expect(submission).toMatchObject({ batchId: 0, index: 0 });
    calls[0]!.answer.resolve(allOk(calls[0]!.items));
    await expect(submission.done).resolves.toBe('stored:a');
  });

  it('writes the items submitted while a write is in flight together in the next batch', async () => {
    // Prepare
    const { write, calls } = scriptedWrite<string, string>();
    const commits = new GroupCommit(write, { maxBatch: 10 });
    const first = commits.submit('a');
    await settle();

    // Act
    const waiting = ['b', 'c', 'd'].map((item) => commits.submit(item));
    await settle();
    const callsWhileInFlight = calls.length;
    calls[0]!.answer.resolve(allOk(calls[0]!.items));
    await settle();

    // Assess
    expect(callsWhileInFlight).toBe(1);
    expect(calls.map((call) => call.items)).toEqual([['a'], ['b', 'c', 'd']]);
    expect(calls[1]!.batchId).toBe(1);
    expect(waiting.map(({ batchId, index }) => ({ batchId, index }))).toEqual([
      { batchId: 1, index: 0 },
      { batchId: 1, index: 1 },
      { batchId: 1, index: 2 },
    ]);
    await expect(first.done).resolves.toBe('stored:a');
    calls[1]!.answer.resolve(allOk(calls[1]!.items));
    await expect(Promise.all(waiting.map((s) => s.done))).resolves.toEqual(['stored:b', 'stored:c', 'stored:d']);
  });

  it('rejects only the item whose outcome is a failure', async () => {
    // Prepare
    const { write, calls } = scriptedWrite<string, string>();
    const commits = new GroupCommit(write, { maxBatch: 10 });
    const refused = new Error('entity already exists');
    const submissions = ['a', 'b', 'c'].map((item) => commits.submit(item));
    await settle();

    // Act
    calls[0]!.answer.resolve([
      { ok: true, value: 'stored:a' },
      { ok: false, error: refused },
      { ok: true, value: 'stored:c' },
    ]);
    const results = await Promise.allSettled(submissions.map((s) => s.done));

    // Assess
    expect(calls).toHaveLength(1);
    expect(results).toEqual([
      { status: 'fulfilled', value: 'stored:a' },
      { status: 'rejected', reason: refused },
      { status: 'fulfilled', value: 'stored:c' },
    ]);
  });

  it('rejects every item of a batch whose write throws and still writes the next batch', async () => {
    // Prepare
    const { write, calls } = scriptedWrite<string, string>();
    const commits = new GroupCommit(write, { maxBatch: 10 });
    const outage = new Error('storage unavailable');
    const failing = ['a1', 'a2'].map((item) => commits.submit(item));
    await settle();
    const next = commits.submit('b');

    // Act
    calls[0]!.answer.reject(outage);
    const failed = await Promise.allSettled(failing.map((s) => s.done));
    await settle();
    calls[1]!.answer.resolve(allOk(calls[1]!.items));

    // Assess
    expect(failed).toEqual([
      { status: 'rejected', reason: outage },
      { status: 'rejected', reason: outage },
    ]);
    expect(calls.map((call) => call.items)).toEqual([['a1', 'a2'], ['b']]);
    await expect(next.done).resolves.toBe('stored:b');
  });

  it('rejects every item of a batch when the write answers the wrong number of outcomes', async () => {
    // Prepare
    const { write, calls } = scriptedWrite<string, string>();
    const commits = new GroupCommit(write, { maxBatch: 10 });
    const submissions = ['a', 'b'].map((item) => commits.submit(item));
    await settle();

    // Act
    calls[0]!.answer.resolve([{ ok: true, value: 'stored:a' }]);
    const results = await Promise.allSettled(submissions.map((s) => s.done));

    // Assess
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(results[0]).toMatchObject({ reason: { message: expect.stringContaining('1 outcomes for 2 items') } });
  });

  it('closes a batch at maxBatch items', async () => {
    // Prepare
    const { write, calls } = scriptedWrite<string, string>();
    const commits = new GroupCommit(write, { maxBatch: 2 });

    // Act
    const submissions = ['a', 'b', 'c', 'd', 'e'].map((item) => commits.submit(item));
    await settle();
    for (let batch = 0; batch < 3; batch++) {
      calls[batch]!.answer.resolve(allOk(calls[batch]!.items));
      await settle();
    }

    // Assess
    expect(submissions.map(({ batchId, index }) => [batchId, index])).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
      [2, 0],
    ]);
    expect(calls.map((call) => [call.batchId, call.items])).toEqual([
      [0, ['a', 'b']],
      [1, ['c', 'd']],
      [2, ['e']],
    ]);
    await expect(Promise.all(submissions.map((s) => s.done))).resolves.toEqual(['stored:a', 'stored:b', 'stored:c', 'stored:d', 'stored:e']);
  });

  it('closes a batch before an item that would take it past maxWeight, and gives an oversized item a batch of its own', async () => {
    // Prepare
    const { write, calls } = scriptedWrite<string, string>();
    const commits = new GroupCommit(write, { maxBatch: 100, weigh: (item: string) => item.length, maxWeight: 10 });
    const items = ['aaaa', 'bbbb', 'cccc', 'x'.repeat(15), 'e'];

    // Act
    const submissions = items.map((item) => commits.submit(item));
    await settle();
    for (let batch = 0; batch < 4; batch++) {
      calls[batch]!.answer.resolve(allOk(calls[batch]!.items));
      await settle();
    }

    // Assess
    expect(calls.map((call) => call.items)).toEqual([['aaaa', 'bbbb'], ['cccc'], ['x'.repeat(15)], ['e']]);
    expect(submissions.map((s) => s.batchId)).toEqual([0, 0, 1, 2, 3]);
    await expect(Promise.all(submissions.map((s) => s.done))).resolves.toEqual(items.map((item) => `stored:${item}`));
  });

  it('runs as many writes at once as its concurrency allows and queues the next batch behind them', async () => {
    // Prepare
    const { write, calls } = scriptedWrite<string, string>();
    const commits = new GroupCommit(write, { maxBatch: 10, concurrency: 2 });
    const a = commits.submit('a');
    await settle();
    const b = commits.submit('b');
    await settle();

    // Act
    const c = commits.submit('c');
    const d = commits.submit('d');
    await settle();
    const callsWithTwoInFlight = calls.length;
    calls[1]!.answer.resolve(allOk(calls[1]!.items));
    await settle();

    // Assess
    expect(callsWithTwoInFlight).toBe(2);
    expect(calls.map((call) => call.items)).toEqual([['a'], ['b'], ['c', 'd']]);
    await expect(b.done).resolves.toBe('stored:b');
    calls[0]!.answer.resolve(allOk(calls[0]!.items));
    calls[2]!.answer.resolve(allOk(calls[2]!.items));
    await expect(Promise.all([a.done, c.done, d.done])).resolves.toEqual(['stored:a', 'stored:c', 'stored:d']);
  });
});
