import { ErrorCode } from '../errors';
import { GroupHandlerHarness } from '../group/__fixtures__/handler-harness';
import { joinGroupApi, syncGroupApi } from '../protocol';
import { joinGroupHandler } from './join-group.handler';
import { syncGroupHandler } from './sync-group.handler';

describe('syncGroupHandler', () => {
  let harness: GroupHandlerHarness;
  beforeEach(() => (harness = new GroupHandlerHarness()));
  afterEach(() => harness.close());

  const join = () =>
    harness.call(joinGroupHandler, joinGroupApi, 3, {
      groupId: 'g',
      sessionTimeoutMs: 10_000,
      rebalanceTimeoutMs: 30_000,
      memberId: '',
      groupInstanceId: null,
      protocolType: 'consumer',
      protocols: [{ name: 'range', metadata: Buffer.alloc(0) }],
    });

  it('sends empty, non-null assignment bytes to a member the leader assigned nothing, in every version', async () => {
    for (const version of [0, 1, 2, 3]) {
      const joined = await join();
      const response = await harness.call(syncGroupHandler, syncGroupApi, version, {
        groupId: 'g',
        generationId: joined.generationId,
        memberId: joined.memberId,
        groupInstanceId: null,
        assignments: [],
      });
      expect(response.errorCode).toBe(0);
      expect(response.assignment).toEqual(Buffer.alloc(0));
      expect('throttleTimeMs' in response).toBe(version >= 1);
      harness.groups.leaveGroup('g', [joined.memberId]);
    }
  });

  it('hands the leader its own assignment bytes unchanged', async () => {
    const joined = await join();
    const assignment = Buffer.from([0, 1, 0, 0, 0, 1, 0, 1, 116]);
    const response = await harness.call(syncGroupHandler, syncGroupApi, 3, {
      groupId: 'g',
      generationId: joined.generationId,
      memberId: joined.memberId,
      groupInstanceId: null,
      assignments: [{ memberId: joined.memberId, assignment }],
    });
    expect(response).toEqual({ throttleTimeMs: 0, errorCode: 0, assignment });
  });

  it('answers ILLEGAL_GENERATION for a generation the group is not at', async () => {
    const joined = await join();
    const response = await harness.call(syncGroupHandler, syncGroupApi, 1, {
      groupId: 'g',
      generationId: joined.generationId + 1,
      memberId: joined.memberId,
      groupInstanceId: null,
      assignments: [],
    });
    expect(response.errorCode).toBe(ErrorCode.ILLEGAL_GENERATION);
  });
});
