import { ErrorCode } from '../errors';
import { joinNew, openCoordinator, settle, stableGroupOfOne } from './__fixtures__/group-driver';
import type { TopicPartitionOffset } from './results';

const offset = (partition: number, value: number, metadata: string | null = null): TopicPartitionOffset => ({
  topic: 't',
  partition,
  offset: value,
  metadata,
});

describe('GroupCoordinator committed offsets', () => {
  it('stores commits of a member of a Stable group and returns them with their metadata exactly', async () => {
    const { coordinator } = openCoordinator();
    const { memberId, generationId } = await stableGroupOfOne(coordinator);
    const errors = coordinator.commitOffsets({
      groupId: 'g',
      generationId,
      memberId,
      offsets: [offset(0, 5, ''), offset(1, 7, null), offset(2, 9, 'librdkafka:🙂')],
    });
    expect(errors).toEqual([0, 0, 0]);
    expect(coordinator.fetchOffsets('g', [{ name: 't', partitionIndexes: [0, 1, 2] }]).topics[0].partitions).toEqual([
      { partitionIndex: 0, committedOffset: 5, metadata: '', errorCode: 0 },
      { partitionIndex: 1, committedOffset: 7, metadata: null, errorCode: 0 },
      { partitionIndex: 2, committedOffset: 9, metadata: 'librdkafka:🙂', errorCode: 0 },
    ]);
  });

  it('accepts commits while the group prepares a rebalance and refuses them while it completes one', async () => {
    const { coordinator } = openCoordinator();
    const { memberId, generationId } = await stableGroupOfOne(coordinator);
    joinNew(coordinator);
    expect(coordinator.describeGroup('g').groupState).toBe('PreparingRebalance');
    expect(coordinator.commitOffsets({ groupId: 'g', generationId, memberId, offsets: [offset(0, 3)] })).toEqual([0]);

    joinNew(coordinator, { memberId });
    await settle();
    expect(coordinator.describeGroup('g').groupState).toBe('CompletingRebalance');
    expect(
      coordinator.commitOffsets({ groupId: 'g', generationId: generationId + 1, memberId, offsets: [offset(0, 4)] }),
    ).toEqual([ErrorCode.REBALANCE_IN_PROGRESS]);
    expect(coordinator.fetchOffsets('g', null).topics[0].partitions[0].committedOffset).toBe(3);
  });

  it('accepts generation -1 commits for an unknown group, creating it Empty', () => {
    const { coordinator } = openCoordinator();
    expect(coordinator.commitOffsets({ groupId: 'standalone', generationId: -1, memberId: '', offsets: [offset(0, 1)] })).toEqual([0]);
    expect(coordinator.describeGroup('standalone').groupState).toBe('Empty');
    expect(coordinator.listGroups().groups).toEqual([{ groupId: 'standalone', protocolType: '' }]);
    expect(coordinator.commitOffsets({ groupId: 'standalone', generationId: -1, memberId: '', offsets: [offset(0, 2)] })).toEqual([0]);
    expect(coordinator.fetchOffsets('standalone', null).topics[0].partitions[0].committedOffset).toBe(2);
  });

  it('accepts generation -1 commits for a group whose members all left', async () => {
    const { coordinator } = openCoordinator();
    const { memberId } = await stableGroupOfOne(coordinator);
    coordinator.leaveGroup('g', [memberId]);
    expect(coordinator.commitOffsets({ groupId: 'g', generationId: -1, memberId: '', offsets: [offset(0, 1)] })).toEqual([0]);
  });

  it('refuses commits from non-members of a live group, from old generations, and to unknown groups with a generation', async () => {
    const { coordinator } = openCoordinator();
    const { memberId, generationId } = await stableGroupOfOne(coordinator);
    const commit = (params: { groupId?: string; generationId: number; memberId: string }) =>
      coordinator.commitOffsets({ groupId: 'g', offsets: [offset(0, 1)], ...params })[0];
    expect(commit({ generationId: -1, memberId: '' })).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(commit({ generationId, memberId: 'stranger' })).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(commit({ generationId: generationId + 1, memberId })).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(commit({ groupId: 'never-seen', generationId: 3, memberId: 'm' })).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(coordinator.fetchOffsets('g', null).topics).toEqual([]);
  });

  it('keeps a committing member alive like a heartbeat does', async () => {
    const { coordinator, clock } = openCoordinator();
    const { memberId, generationId } = await stableGroupOfOne(coordinator);
    for (let i = 0; i < 5; i++) {
      clock.advance(6_000);
      expect(coordinator.commitOffsets({ groupId: 'g', generationId, memberId, offsets: [offset(0, i)] })).toEqual([0]);
    }
    expect(coordinator.describeGroup('g').groupState).toBe('Stable');
  });

  it('refuses metadata longer than 4096 characters for that partition only', () => {
    const { coordinator } = openCoordinator();
    const errors = coordinator.commitOffsets({
      groupId: 'g',
      generationId: -1,
      memberId: '',
      offsets: [offset(0, 1, 'x'.repeat(4097)), offset(1, 1, 'x'.repeat(4096))],
    });
    expect(errors).toEqual([ErrorCode.OFFSET_METADATA_TOO_LARGE, 0]);
  });

  it('answers offset -1 with empty metadata and no error for partitions never committed', () => {
    const { coordinator } = openCoordinator();
    expect(coordinator.fetchOffsets('nobody', [{ name: 't', partitionIndexes: [3] }])).toEqual({
      errorCode: 0,
      topics: [{ name: 't', partitions: [{ partitionIndex: 3, committedOffset: -1, metadata: '', errorCode: 0 }] }],
    });
  });

  it('lists every committed partition of the group when no topics are named', () => {
    const { coordinator } = openCoordinator();
    coordinator.commitOffsets({
      groupId: 'g',
      generationId: -1,
      memberId: '',
      offsets: [{ topic: 'b', partition: 1, offset: 4, metadata: '' }, offset(2, 8), offset(0, 6)],
    });
    const topics = coordinator.fetchOffsets('g', null).topics;
    expect(topics.map((t) => [t.name, t.partitions.map((p) => [p.partitionIndex, p.committedOffset])])).toEqual([
      ['b', [[1, 4]]],
      ['t', [[0, 6], [2, 8]]],
    ]);
  });

  it('drops a deleted topic from every group', () => {
    const { coordinator } = openCoordinator();
    for (const groupId of ['g1', 'g2']) {
      coordinator.commitOffsets({ groupId, generationId: -1, memberId: '', offsets: [offset(0, 1), { ...offset(0, 2), topic: 'keep' }] });
    }
    coordinator.forgetTopic('t');
    for (const groupId of ['g1', 'g2']) {
      expect(coordinator.fetchOffsets(groupId, null).topics.map((t) => t.name)).toEqual(['keep']);
    }
  });
});

describe('GroupCoordinator admin views', () => {
  it('describes a Stable group with its protocol, member metadata and assignments', async () => {
    const { coordinator } = openCoordinator();
    const { memberId } = await stableGroupOfOne(coordinator);
    expect(coordinator.describeGroup('g')).toEqual({
      errorCode: 0,
      groupId: 'g',
      groupState: 'Stable',
      protocolType: 'consumer',
      protocolData: 'roundrobin',
      members: [
        {
          memberId,
          clientId: 'client',
          clientHost: '/127.0.0.1',
          memberMetadata: Buffer.from('subscription'),
          memberAssignment: Buffer.from('a'),
        },
      ],
    });
  });

  it('describes an unknown group as Dead without an error', () => {
    const { coordinator } = openCoordinator();
    expect(coordinator.describeGroup('nobody')).toMatchObject({ errorCode: 0, groupState: 'Dead', members: [] });
  });

  it('deletes an Empty group with its offsets and refuses unknown or non-empty groups', async () => {
    const { coordinator } = openCoordinator();
    coordinator.commitOffsets({ groupId: 'idle', generationId: -1, memberId: '', offsets: [offset(0, 1)] });
    await stableGroupOfOne(coordinator, 'busy');
    expect(coordinator.deleteGroup('idle')).toBe(0);
    expect(coordinator.deleteGroup('busy')).toBe(ErrorCode.NON_EMPTY_GROUP);
    expect(coordinator.deleteGroup('idle')).toBe(ErrorCode.GROUP_ID_NOT_FOUND);
    expect(coordinator.fetchOffsets('idle', null).topics).toEqual([]);
    expect(coordinator.listGroups().groups.map((g) => g.groupId)).toEqual(['busy']);
  });
});
