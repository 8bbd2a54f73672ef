/** Writes one batch of items; answers with one result per item, in the same order. */
export type BatchWriter<Item, Result> = (items: Item[]) => Promise<Result[]>;

interface Pending<Item, Result> {
  item: Item;
  resolve: (result: Result) => void;
  reject: (error: Error) => void;
}

/**
 * Group commit: items submitted while a batch is being written wait for the next batch, which writes them all in
 * one statement, so under load one round trip serves many callers and a lone item goes out on the next turn of
 * the event loop with no added wait. Each caller's promise settles with its own result once its batch is written.
 * If a batch of several fails, its items are written one by one, so a bad item fails alone.
 */
export class GroupCommit<Item, Result> {
  private queue: Pending<Item, Result>[] = [];
  private draining = false;

  constructor(
    private readonly write: BatchWriter<Item, Result>,
    private readonly maxBatch: number,
  ) {}

  submit(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.draining) return;
      this.draining = true;
      setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) await this.commit(this.queue.splice(0, this.maxBatch));
    } finally {
      this.draining = false;
    }
  }

  private async commit(batch: Pending<Item, Result>[]): Promise<void> {
    try {
      const results = await this.write(batch.map((pending) => pending.item));
      if (results.length !== batch.length) throw new Error(`group commit: ${batch.length} items written, ${results.length} results`);
      batch.forEach((pending, index) => pending.resolve(results[index]));
    } catch (error) {
      if (batch.length === 1) return batch[0].reject(error as Error);
      for (const pending of batch) await this.writeAlone(pending);
    }
  }

  private async writeAlone(pending: Pending<Item, Result>): Promise<void> {
    try {
      const [result] = await this.write([pending.item]);
      pending.resolve(result);
    } catch (error) {
      pending.reject(error as Error);
    }
  }
}
