import { ErrorCode } from '../errors';
import { GroupHandlerHarness } from '../group/__fixtures__/handler-harness';
import { offsetCommitApi, OffsetCommitRequest } from '../protocol';
import { offsetCommitHandler } from './offset-commit.handler';

const commit = (overrides: Partial<OffsetCommitRequest> = {}): OffsetCommitRequest => ({
  groupId: 'g',
  generationIdOrMemberEpoch: -1,
  memberId: '',
  retentionTimeMs: -1,
  topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: 12, committedMetadata: '' }] }],
  ...overrides,
});

describe('offsetCommitHandler', () => {
  let harness: GroupHandlerHarness;
  beforeEach(() => (harness = new GroupHandlerHarness()));
  afterEach(() => harness.close());

  it('stores a standalone commit in v2 through v5, ignoring the v2-4 retention time', async () => {
    for (const version of [2, 3, 4, 5]) {
      const response = await harness.call(offsetCommitHandler, offsetCommitApi, version, commit({ retentionTimeMs: 1_000 }));
      expect(response.topics).toEqual([{ name: 't', partitions: [{ partitionIndex: 0, errorCode: 0 }] }]);
      expect('throttleTimeMs' in response).toBe(version >= 3);
    }
    harness.clock.advance(60_000);
    expect(harness.groups.fetchOffsets('g', null).topics[0].partitions[0].committedOffset).toBe(12);
  });

  it('answers UNKNOWN_TOPIC_OR_PARTITION for partitions that do not exist and stores the others', async () => {
    const response = await harness.call(
      offsetCommitHandler,
      offsetCommitApi,
      5,
      commit({
        topics: [
          { name: 't', partitions: [{ partitionIndex: 1, committedOffset: 3, committedMetadata: null }, { partitionIndex: 9, committedOffset: 3, committedMetadata: null }] },
          { name: 'missing', partitions: [{ partitionIndex: 0, committedOffset: 3, committedMetadata: null }] },
        ],
      }),
    );
    expect(response.topics).toEqual([
      { name: 't', partitions: [{ partitionIndex: 1, errorCode: 0 }, { partitionIndex: 9, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION }] },
      { name: 'missing', partitions: [{ partitionIndex: 0, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION }] },
    ]);
    expect(harness.groups.fetchOffsets('g', null).topics).toEqual([
      { name: 't', partitions: [{ partitionIndex: 1, committedOffset: 3, metadata: null, errorCode: 0 }] },
    ]);
  });

  it('passes the coordinator verdict on to every partition', async () => {
    const response = await harness.call(offsetCommitHandler, offsetCommitApi, 2, commit({ generationIdOrMemberEpoch: 4, memberId: 'm' }));
    expect(response.topics[0].partitions[0].errorCode).toBe(ErrorCode.ILLEGAL_GENERATION);
  });
});
