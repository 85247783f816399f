import { GroupHandlerHarness } from '../group/__fixtures__/handler-harness';
import { describeGroupsApi, joinGroupApi, syncGroupApi } from '../protocol';
import { describeGroupsHandler } from './describe-groups.handler';
import { joinGroupHandler } from './join-group.handler';
import { syncGroupHandler } from './sync-group.handler';

describe('describeGroupsHandler', () => {
  const harness = new GroupHandlerHarness();
  afterAll(() => harness.close());

  it('describes a Stable group with member metadata and assignment next to an unknown group reported Dead', async () => {
    const joined = await harness.call(
      joinGroupHandler,
      joinGroupApi,
      2,
      {
        groupId: 'g',
        sessionTimeoutMs: 10_000,
        rebalanceTimeoutMs: 30_000,
        memberId: '',
        groupInstanceId: null,
        protocolType: 'consumer',
        protocols: [{ name: 'range', metadata: Buffer.from('sub') }],
      },
      'my-app',
    );
    await harness.call(syncGroupHandler, syncGroupApi, 2, {
      groupId: 'g',
      generationId: joined.generationId,
      memberId: joined.memberId,
      groupInstanceId: null,
      assignments: [{ memberId: joined.memberId, assignment: Buffer.from('asg') }],
    });

    const response = await harness.call(describeGroupsHandler, describeGroupsApi, 0, { groups: ['g', 'unknown'] });
    expect(response).toEqual({
      groups: [
        {
          errorCode: 0,
          groupId: 'g',
          groupState: 'Stable',
          protocolType: 'consumer',
          protocolData: 'range',
          members: [
            {
              memberId: joined.memberId,
              clientId: 'my-app',
              clientHost: '/127.0.0.1',
              memberMetadata: Buffer.from('sub'),
              memberAssignment: Buffer.from('asg'),
            },
          ],
        },
        { errorCode: 0, groupId: 'unknown', groupState: 'Dead', protocolType: '', protocolData: '', members: [] },
      ],
    });
    expect((await harness.call(describeGroupsHandler, describeGroupsApi, 2, { groups: [] })).throttleTimeMs).toBe(0);
  });
});
