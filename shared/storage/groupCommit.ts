/** What one item of a flushed batch came to: its result, or the error that failed it alone. */
type ItemOutcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

/** Where a submitted item sits: its batch (fixed at submission) and its place in it. */
interface Submission<R> {
  batchId: number;
  index: number;
  /** Settles once the batch holding the item is written. */
  done: Promise<R>;
}

interface Pending<I, R> {
  id: number;
  items: I[];
  weight: number;
  settle: Array<{ resolve: (value: R) => void; reject: (error: unknown) => void }>;
}

/**
 * Group commit: items submitted while a write is in flight are written together by the next one.
 * Under light load an item is written at once (one storage call of its own); under heavy load
 * the calls stay few and each carries many items, so a storage account that serves a few hundred
 * calls a second still takes thousands of items a second.
 *
 * `write` receives a whole batch and answers one outcome per item (in order), so one bad item
 * fails alone; if it throws, every item of the batch fails with that error. A batch is closed
 * when its write starts, or when it holds `maxBatch` items or the next item would take it past
 * `maxWeight` (as `weigh` counts, e.g. bytes); at most `concurrency` writes run at once.
 */
class GroupCommit<I, R> {
  private open: Pending<I, R> | undefined;
  private readonly waiting: Array<Pending<I, R>> = [];
  private inFlight = 0;
  private nextId = 0;

  public constructor(
    private readonly write: (items: I[], batchId: number) => Promise<Array<ItemOutcome<R>>>,
    private readonly options: { maxBatch: number; concurrency?: number; weigh?: (item: I) => number; maxWeight?: number },
  ) {}

  public submit(item: I): Submission<R> {
    const weight = this.options.weigh?.(item) ?? 0;
    const full = (batch: Pending<I, R>): boolean => batch.items.length >= this.options.maxBatch || (batch.items.length > 0 && batch.weight + weight > (this.options.maxWeight ?? Infinity));
    if (!this.open || full(this.open)) {
      this.open = { id: this.nextId++, items: [], weight: 0, settle: [] };
      this.waiting.push(this.open);
    }
    const batch = this.open;
    batch.weight += weight;
    const index = batch.items.push(item) - 1;
    const done = new Promise<R>((resolve, reject) => batch.settle.push({ resolve, reject }));
    // Let the other requests of this turn of the event loop join before the write starts.
    if (batch.items.length === 1) queueMicrotask(() => this.pump());
    return { batchId: batch.id, index, done };
  }

  private pump(): void {
    while (this.inFlight < (this.options.concurrency ?? 1) && this.waiting.length > 0) {
      const batch = this.waiting.shift()!;
      if (batch === this.open) this.open = undefined;
      this.inFlight++;
      void this.run(batch);
    }
  }

  private async run(batch: Pending<I, R>): Promise<void> {
    try {
      const outcomes = await this.write(batch.items, batch.id);
      if (outcomes.length !== batch.items.length) throw new Error(`group commit: ${outcomes.length} outcomes for ${batch.items.length} items`);
      outcomes.forEach((outcome, i) => (outcome.ok ? batch.settle[i]!.resolve(outcome.value) : batch.settle[i]!.reject(outcome.error)));
    } catch (error) {
      for (const { reject } of batch.settle) reject(error);
    } finally {
      this.inFlight--;
      this.pump();
    }
  }
}

export { GroupCommit };
export type { ItemOutcome, Submission };
