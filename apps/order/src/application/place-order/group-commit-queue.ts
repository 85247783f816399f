import { AsyncResource } from 'node:async_hooks';

/** What a flush answers for each item, in the items' order: its value, or the error that item alone is refused with. */
export type ItemOutcome<R> = PromiseSettledResult<R>;

export type Flush<T, R> = (items: T[]) => Promise<Array<ItemOutcome<R>>>;

interface Waiting<T, R> {
  item: T;
  resolve(value: R): void;
  reject(error: unknown): void;
}

/**
 * Group commit: items submitted while a flush is in flight wait, and the next flush takes them together
 * (at most `maxBatch`). There is no timer: at low load an item is flushed at once, alone, with no added
 * latency; under load a batch grows by itself to whatever arrived during the previous flush. One flush
 * runs at a time, so batches are flushed in the order their items were submitted.
 *
 * A flush that throws rejects every item of its batch with that error; the batches after it still flush.
 */
export class GroupCommitQueue<T, R> {
  private readonly waiting: Array<Waiting<T, R>> = [];
  private flushing = false;
  /** Flushes run in the queue's own async context, not in that of whichever caller happened to start them. */
  private readonly scope = new AsyncResource('GroupCommitQueue');

  constructor(
    private readonly flush: Flush<T, R>,
    private readonly maxBatch: number,
  ) {
    if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new Error(`maxBatch must be a positive integer, got ${maxBatch}`);
  }

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.flushing) this.scope.runInAsyncScope(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    this.flushing = true;
    while (this.waiting.length > 0) await this.flushBatch(this.waiting.splice(0, this.maxBatch));
    this.flushing = false;
  }

  /** Settles every item of the batch exactly once; never throws, so drain() always gets to the next batch. */
  private async flushBatch(batch: Array<Waiting<T, R>>): Promise<void> {
    let outcomes: Array<ItemOutcome<R>>;
    try {
      outcomes = await this.flush(batch.map((waiting) => waiting.item));
      if (outcomes.length !== batch.length) throw new Error(`flush answered ${outcomes.length} of ${batch.length} items`);
    } catch (error) {
      batch.forEach((waiting) => waiting.reject(error));
      return;
    }
    batch.forEach((waiting, i) => {
      const outcome = outcomes[i];
      if (outcome.status === 'fulfilled') waiting.resolve(outcome.value);
      else waiting.reject(outcome.reason);
    });
  }
}
