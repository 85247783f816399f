import { GroupHandlerHarness } from '../group/__fixtures__/handler-harness';
import { offsetFetchApi } from '../protocol';
import { offsetFetchHandler } from './offset-fetch.handler';

describe('offsetFetchHandler', () => {
  const harness = new GroupHandlerHarness();
  afterAll(() => harness.close());
  harness.groups.commitOffsets({
    groupId: 'g',
    generationId: -1,
    memberId: '',
    offsets: [{ topic: 't', partition: 1, offset: 8, metadata: 'kept' }],
  });

  it('answers v1 without a top-level error and -1 with empty metadata for uncommitted partitions', async () => {
    const response = await harness.call(offsetFetchHandler, offsetFetchApi, 1, {
      groupId: 'g',
      topics: [{ name: 't', partitionIndexes: [0, 1] }],
    });
    expect(response).toEqual({
      topics: [
        {
          name: 't',
          partitions: [
            { partitionIndex: 0, committedOffset: -1, metadata: '', errorCode: 0 },
            { partitionIndex: 1, committedOffset: 8, metadata: 'kept', errorCode: 0 },
          ],
        },
      ],
    });
  });

  it('answers every committed partition for null topics, with top-level error and throttle time in v4', async () => {
    const response = await harness.call(offsetFetchHandler, offsetFetchApi, 4, { groupId: 'g', topics: null });
    expect(response).toEqual({
      throttleTimeMs: 0,
      errorCode: 0,
      topics: [{ name: 't', partitions: [{ partitionIndex: 1, committedOffset: 8, metadata: 'kept', errorCode: 0 }] }],
    });
  });
});
