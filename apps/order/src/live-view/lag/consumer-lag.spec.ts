import { consumerLag, TopicEnds } from './consumer-lag';

const ends: TopicEnds[] = [
  { topic: 'order', partitions: [{ partition: 0, high: '10', low: '0' }, { partition: 1, high: '5', low: '0' }] },
  { topic: 'payment', partitions: [{ partition: 0, high: '7', low: '2' }] },
];

describe('consumerLag', () => {
  it('sums end minus committed offset over the partitions of each topic a group consumes', () => {
    const rows = consumerLag(
      [{ groupId: 'inventory-service', topics: [{ topic: 'order', partitions: [{ partition: 0, offset: '8' }, { partition: 1, offset: '5' }] }] }],
      ends,
    );
    expect(rows).toEqual([{ groupId: 'inventory-service', topic: 'order', lag: 2 }]);
  });

  it('counts what a partition still retains when the group has not committed on it yet', () => {
    const rows = consumerLag(
      [{ groupId: 'g', topics: [{ topic: 'order', partitions: [{ partition: 0, offset: '10' }, { partition: 1, offset: '-1' }] }] }],
      ends,
    );
    expect(rows[0].lag).toBe(5);
  });

  it('leaves out topics the group never committed on', () => {
    const rows = consumerLag(
      [{ groupId: 'g', topics: [{ topic: 'payment', partitions: [{ partition: 0, offset: '-1' }] }] }],
      ends,
    );
    expect(rows).toEqual([]);
  });

  it('starts from the first retained offset and never reports negative lag', () => {
    const rows = consumerLag(
      [
        { groupId: 'b', topics: [{ topic: 'payment', partitions: [{ partition: 0, offset: '9' }] }] },
        { groupId: 'a', topics: [{ topic: 'order', partitions: [{ partition: 0, offset: '0' }, { partition: 1, offset: '-1' }] }] },
      ],
      ends,
    );
    expect(rows).toEqual([
      { groupId: 'a', topic: 'order', lag: 15 },
      { groupId: 'b', topic: 'payment', lag: 0 },
    ]);
  });
});
