import { OffsetCommitCoalescer, TopicOffsets } from './offset-commit-coalescer';

/** A commit that waits to be acknowledged, recording what it carried. */
function pendingCommits() {
  const sent: TopicOffsets[][] = [];
  const acks: Array<(error?: Error) => void> = [];
  const commit = (topics: TopicOffsets[]) => {
    sent.push(topics);
    return new Promise<void>((resolve, reject) => acks.push((error) => (error ? reject(error) : resolve())));
  };
  return { sent, acks, commit };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('OffsetCommitCoalescer', () => {
  it('sends the partition batches of one fetch as a single commit of every partition', async () => {
    const commits = new OffsetCommitCoalescer();
    const { sent, acks, commit } = pendingCommits();
    commits.processed('order', 0, '41');
    commits.processed('order', 0, '42');
    commits.processed('order', 3, '7');
    commits.processed('payment', 1, '9');

    // Every partition batch of the fetch finishes at once and flushes.
    const flushes = [commits.flush(commit), commits.flush(commit), commits.flush(commit)];
    await settle();
    acks[0]();
    await Promise.all(flushes);

    expect(sent).toEqual([
      [
        { topic: 'order', partitions: [{ partition: 0, offset: '43' }, { partition: 3, offset: '8' }] },
        { topic: 'payment', partitions: [{ partition: 1, offset: '10' }] },
      ],
    ]);
  });

  it('makes a later batch wait for the commit under way before sending its own', async () => {
    const commits = new OffsetCommitCoalescer();
    const { sent, acks, commit } = pendingCommits();
    commits.processed('order', 0, '1');
    const first = commits.flush(commit);
    commits.processed('order', 1, '5');
    const second = commits.flush(commit);
    await settle();
    expect(sent).toHaveLength(1);

    acks[0]();
    await first;
    await settle();
    expect(sent[1]).toEqual([{ topic: 'order', partitions: [{ partition: 1, offset: '6' }] }]);
    acks[1]();
    await second;
  });

  it('never fails the batch when a commit fails, and commits the next batch anyway', async () => {
    const commits = new OffsetCommitCoalescer();
    const { sent, acks, commit } = pendingCommits();
    commits.processed('order', 0, '1');
    const failed = commits.flush(commit);
    await settle();
    acks[0](new Error('REBALANCE_IN_PROGRESS'));
    await expect(failed).resolves.toBeUndefined();

    commits.processed('order', 0, '2');
    const next = commits.flush(commit);
    await settle();
    acks[1]();
    await next;
    expect(sent[1]).toEqual([{ topic: 'order', partitions: [{ partition: 0, offset: '3' }] }]);
  });

  it('sends nothing when nothing was processed', async () => {
    const commits = new OffsetCommitCoalescer();
    const { sent, commit } = pendingCommits();
    await commits.flush(commit);
    expect(sent).toEqual([]);
  });
});
