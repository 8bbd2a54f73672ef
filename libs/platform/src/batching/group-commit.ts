/** Writes one batch of items; answers with one result per item, in the same order. */
export type BatchWriter<Item, Result> = (items: Item[]) => Promise<Result[]>;

interface Pending<Item, Result> {
  item: Item;
  resolve: (result: Result) => void;
  reject: (error: Error) => void;
}

export interface GroupCommitOptions<Item, Result> {
  write: BatchWriter<Item, Result>;
  /** Writes one item of a failed batch; default: `write` with that item alone. */
  writeAlone?: (item: Item) => Promise<Result>;
  maxBatch: number;
  /**
   * Whether a failure writing one item alone is that item's own fault (its values refused). When it is not (the
   * database is gone), the rest of the batch fails with it at once instead of each waiting for the same error.
   * Default: every failure is the item's own.
   */
  isItemFault?: (error: unknown) => boolean;
  /** Told when a batch of several failed and its items are written one by one. */
  onBatchFailed?: (error: unknown, items: number) => void;
  /** How long an item submitted with `linger` may wait for company before its batch is written; default 0. */
  lingerMs?: number;
}

export interface SubmitOptions {
  /**
   * The item may wait up to `lingerMs` for others to share its statement: for writes nobody waits on at once. At a
   * few hundred items/s, evenly spaced, no two share an event-loop turn, so each would be a round trip and a commit of
   * its own. An item submitted without it (or a full batch) sends the lingering ones along at once.
   */
  linger?: boolean;
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
  private lingerTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: GroupCommitOptions<Item, Result>) {}

  submit(item: Item, { linger = false }: SubmitOptions = {}): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.draining) return;
      if (linger && this.options.lingerMs && this.queue.length < this.options.maxBatch) return this.scheduleLingeringDrain(this.options.lingerMs);
      this.startDrain();
    });
  }

  private scheduleLingeringDrain(lingerMs: number): void {
    this.lingerTimer ??= setTimeout(() => this.startDrain(), lingerMs);
  }

  private startDrain(): void {
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.lingerTimer = null;
    this.draining = true;
    setImmediate(() => void this.drain());
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) await this.commit(this.queue.splice(0, this.options.maxBatch));
    } finally {
      this.draining = false;
    }
  }

  private async commit(batch: Pending<Item, Result>[]): Promise<void> {
    try {
      const results = await this.options.write(batch.map((pending) => pending.item));
      if (results.length !== batch.length) throw new Error(`group commit: ${batch.length} items written, ${results.length} results`);
      batch.forEach((pending, index) => pending.resolve(results[index]));
    } catch (error) {
      if (batch.length === 1) return batch[0].reject(error as Error);
      this.options.onBatchFailed?.(error, batch.length);
      await this.writeOneByOne(batch);
    }
  }

  private async writeOneByOne(batch: Pending<Item, Result>[]): Promise<void> {
    const isItemFault = this.options.isItemFault ?? (() => true);
    const writeAlone = this.options.writeAlone ?? (async (item: Item) => (await this.options.write([item]))[0]);
    for (const [index, pending] of batch.entries()) {
      try {
        pending.resolve(await writeAlone(pending.item));
      } catch (error) {
        pending.reject(error as Error);
        if (isItemFault(error)) continue;
        for (const rest of batch.slice(index + 1)) rest.reject(error as Error);
        return;
      }
    }
  }
}
