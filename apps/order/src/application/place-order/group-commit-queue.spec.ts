import { AsyncLocalStorage } from 'node:async_hooks';
import { GroupCommitQueue, ItemOutcome } from './group-commit-queue';

/** A flush the test completes by hand (one is in flight at a time), recording each batch it was given. */
function manualFlush<T>() {
  const batches: T[][] = [];
  let inFlight: { resolve(outcomes: Array<ItemOutcome<string>>): void; reject(error: unknown): void } | undefined;
  const flush = (items: T[]) =>
    new Promise<Array<ItemOutcome<string>>>((resolve, reject) => {
      batches.push(items);
      inFlight = { resolve, reject };
    });
  const current = () => {
    if (!inFlight) throw new Error('no flush in flight');
    const flushing = inFlight;
    inFlight = undefined;
    return flushing;
  };
  return {
    flush,
    batches,
    succeed: () => current().resolve(batches[batches.length - 1].map((item) => ({ status: 'fulfilled', value: `done ${item}` }))),
    fail: (error: unknown) => current().reject(error),
    answer: (outcomes: Array<ItemOutcome<string>>) => current().resolve(outcomes),
  };
}

/** Lets every settled promise's callbacks run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommitQueue', () => {
  it('flushes a lone item at once, with no timer', async () => {
    const flush = manualFlush<number>();
    const queue = new GroupCommitQueue(flush.flush, 10);
    const answer = queue.submit(1);
    expect(flush.batches).toEqual([[1]]);
    flush.succeed();
    await expect(answer).resolves.toBe('done 1');
  });

  it('writes the items that arrived during a flush together in the next one, in submission order', async () => {
    const flush = manualFlush<number>();
    const queue = new GroupCommitQueue(flush.flush, 10);
    const answers = [1, 2, 3, 4].map((n) => queue.submit(n));
    expect(flush.batches).toEqual([[1]]);
    flush.succeed();
    await settle();
    expect(flush.batches).toEqual([[1], [2, 3, 4]]);
    const five = queue.submit(5);
    flush.succeed();
    await settle();
    expect(flush.batches).toEqual([[1], [2, 3, 4], [5]]);
    flush.succeed();
    await expect(Promise.all([...answers, five])).resolves.toEqual(['done 1', 'done 2', 'done 3', 'done 4', 'done 5']);
  });

  it('caps a batch at maxBatch and takes the rest in the flushes after it', async () => {
    const flush = manualFlush<number>();
    const queue = new GroupCommitQueue(flush.flush, 2);
    const answers = [1, 2, 3, 4, 5, 6].map((n) => queue.submit(n));
    for (let i = 0; i < 4; i++) {
      flush.succeed();
      await settle();
    }
    expect(flush.batches).toEqual([[1], [2, 3], [4, 5], [6]]);
    await expect(Promise.all(answers)).resolves.toHaveLength(6);
  });

  it('rejects every item of a batch whose flush fails, then flushes the next batch', async () => {
    const flush = manualFlush<number>();
    const queue = new GroupCommitQueue(flush.flush, 10);
    const first = queue.submit(1);
    const doomed = [2, 3].map((n) => queue.submit(n));
    flush.succeed();
    await settle();
    const later = queue.submit(4);
    const failure = new Error('connection lost');
    flush.fail(failure);
    for (const answer of doomed) await expect(answer).rejects.toBe(failure);
    await settle();
    expect(flush.batches).toEqual([[1], [2, 3], [4]]);
    flush.succeed();
    await expect(first).resolves.toBe('done 1');
    await expect(later).resolves.toBe('done 4');
  });

  it('settles each item with its own outcome when the flush refuses only some of them', async () => {
    const flush = manualFlush<string>();
    const queue = new GroupCommitQueue(flush.flush, 10);
    const first = queue.submit('first');
    const [a, b, c] = ['a', 'b', 'c'].map((item) => queue.submit(item));
    flush.succeed();
    await first;
    await settle();
    expect(flush.batches[1]).toEqual(['a', 'b', 'c']);
    const refusal = new Error('b is refused');
    flush.answer([
      { status: 'fulfilled', value: 'placed a' },
      { status: 'rejected', reason: refusal },
      { status: 'fulfilled', value: 'placed c' },
    ]);
    await expect(a).resolves.toBe('placed a');
    await expect(b).rejects.toBe(refusal);
    await expect(c).resolves.toBe('placed c');
  });

  it('rejects the whole batch rather than leave an item unanswered when the flush answers too few items', async () => {
    const flush = manualFlush<number>();
    const queue = new GroupCommitQueue(flush.flush, 10);
    const first = queue.submit(1);
    const batch = [2, 3].map((n) => queue.submit(n));
    flush.succeed();
    await first;
    await settle();
    flush.answer([{ status: 'fulfilled', value: 'only one' }]);
    for (const answer of batch) await expect(answer).rejects.toThrow('flush answered 1 of 2 items');
  });

  it('flushes in its own async context, not in that of the caller who started the flush', async () => {
    const request = new AsyncLocalStorage<string>();
    const seen: Array<string | undefined> = [];
    const queue = new GroupCommitQueue<number, string>(async (items) => {
      seen.push(request.getStore());
      return items.map(() => ({ status: 'fulfilled', value: 'ok' }));
    }, 10);
    await request.run('request 1', () => queue.submit(1));
    expect(seen).toEqual([undefined]);
  });

  it('refuses a batch size that is not a positive integer', () => {
    expect(() => new GroupCommitQueue(async () => [], 0)).toThrow('maxBatch must be a positive integer');
  });
});
