import { ErrorCode } from '../errors';
import { GroupHandlerHarness } from '../group/__fixtures__/handler-harness';
import { deleteGroupsApi } from '../protocol';
import { deleteGroupsHandler } from './delete-groups.handler';

describe('deleteGroupsHandler', () => {
  const harness = new GroupHandlerHarness();
  afterAll(() => harness.close());

  it('reports per group: deleted, unknown', async () => {
    harness.groups.commitOffsets({
      groupId: 'idle',
      generationId: -1,
      memberId: '',
      offsets: [{ topic: 't', partition: 0, offset: 1, metadata: null }],
    });
    const response = await harness.call(deleteGroupsHandler, deleteGroupsApi, 1, { groupsNames: ['idle', 'nobody'] });
    expect(response).toEqual({
      throttleTimeMs: 0,
      results: [
        { groupId: 'idle', errorCode: 0 },
        { groupId: 'nobody', errorCode: ErrorCode.GROUP_ID_NOT_FOUND },
      ],
    });
  });
});
