import { ErrorCode } from '../errors';
import { GroupHandlerHarness } from '../group/__fixtures__/handler-harness';
import { joinGroupApi, leaveGroupApi } from '../protocol';
import { joinGroupHandler } from './join-group.handler';
import { leaveGroupHandler } from './leave-group.handler';

describe('leaveGroupHandler', () => {
  let harness: GroupHandlerHarness;
  beforeEach(() => (harness = new GroupHandlerHarness()));
  afterEach(() => harness.close());

  const join = async () =>
    (
      await harness.call(joinGroupHandler, joinGroupApi, 1, {
        groupId: 'g',
        sessionTimeoutMs: 10_000,
        rebalanceTimeoutMs: 0,
        memberId: '',
        groupInstanceId: null,
        protocolType: 'consumer',
        protocols: [{ name: 'range', metadata: Buffer.alloc(0) }],
      })
    ).memberId;

  it('reports the single member outcome as the top-level error up to v2', async () => {
    const memberId = await join();
    expect(await harness.call(leaveGroupHandler, leaveGroupApi, 1, { groupId: 'g', memberId })).toEqual({ throttleTimeMs: 0, errorCode: 0 });
    expect(await harness.call(leaveGroupHandler, leaveGroupApi, 0, { groupId: 'g', memberId })).toEqual({
      errorCode: ErrorCode.UNKNOWN_MEMBER_ID,
    });
    expect(harness.groups.describeGroup('g').groupState).toBe('Empty');
  });

  it('reports each member of a v3 batch separately', async () => {
    const memberId = await join();
    const response = await harness.call(leaveGroupHandler, leaveGroupApi, 3, {
      groupId: 'g',
      members: [
        { memberId, groupInstanceId: null },
        { memberId: 'ghost', groupInstanceId: null },
      ],
    });
    expect(response).toEqual({
      throttleTimeMs: 0,
      errorCode: 0,
      members: [
        { memberId, groupInstanceId: null, errorCode: 0 },
        { memberId: 'ghost', groupInstanceId: null, errorCode: ErrorCode.UNKNOWN_MEMBER_ID },
      ],
    });
  });
});
