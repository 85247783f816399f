import { GroupHandlerHarness } from '../group/__fixtures__/handler-harness';
import { listGroupsApi } from '../protocol';
import { listGroupsHandler } from './list-groups.handler';

describe('listGroupsHandler', () => {
  const harness = new GroupHandlerHarness();
  afterAll(() => harness.close());

  it('lists groups known only by their committed offsets, with throttle time from v1 on', async () => {
    harness.groups.commitOffsets({ groupId: 'offsets-only', generationId: -1, memberId: '', offsets: [] });
    expect(await harness.call(listGroupsHandler, listGroupsApi, 0, {})).toEqual({
      errorCode: 0,
      groups: [{ groupId: 'offsets-only', protocolType: '' }],
    });
    expect((await harness.call(listGroupsHandler, listGroupsApi, 2, {})).throttleTimeMs).toBe(0);
  });
});
