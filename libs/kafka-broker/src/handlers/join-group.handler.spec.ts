import { ErrorCode } from '../errors';
import { GroupHandlerHarness } from '../group/__fixtures__/handler-harness';
import { joinGroupApi, JoinGroupRequest } from '../protocol';
import { joinGroupHandler } from './join-group.handler';

const request = (overrides: Partial<JoinGroupRequest> = {}): JoinGroupRequest => ({
  groupId: 'g',
  sessionTimeoutMs: 10_000,
  rebalanceTimeoutMs: 30_000,
  memberId: '',
  groupInstanceId: null,
  protocolType: 'consumer',
  protocols: [{ name: 'range', metadata: Buffer.from([0, 1, 2]) }],
  ...overrides,
});

describe('joinGroupHandler', () => {
  let harness: GroupHandlerHarness;
  beforeEach(() => (harness = new GroupHandlerHarness()));
  afterEach(() => harness.close());

  it('answers MEMBER_ID_REQUIRED with a member id derived from the client id in v4 and v5', async () => {
    for (const version of [4, 5]) {
      const response = await harness.call(joinGroupHandler, joinGroupApi, version, request({ groupId: `g${version}` }), 'kafkajs');
      expect(response.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
      expect(response.memberId).toMatch(/^kafkajs-/);
      expect(response.generationId).toBe(-1);
    }
  });

  it('admits the member at once below v4 and makes it leader with the member list', async () => {
    for (const version of [0, 1, 2, 3]) {
      const response = await harness.call(joinGroupHandler, joinGroupApi, version, request({ groupId: `g${version}` }));
      expect(response).toMatchObject({ errorCode: 0, generationId: 1, protocolName: 'range' });
      expect(response.leader).toBe(response.memberId);
      expect(response.members).toEqual([{ memberId: response.memberId, metadata: Buffer.from([0, 1, 2]) }]);
      expect('throttleTimeMs' in response).toBe(version >= 2);
    }
  });

  it('completes the v5 two-step join and reports a null group instance id per member', async () => {
    const first = await harness.call(joinGroupHandler, joinGroupApi, 5, request());
    const second = await harness.call(joinGroupHandler, joinGroupApi, 5, request({ memberId: first.memberId }));
    expect(second).toMatchObject({ errorCode: 0, generationId: 1, memberId: first.memberId, leader: first.memberId });
    expect(second.members).toEqual([{ memberId: first.memberId, groupInstanceId: null, metadata: Buffer.from([0, 1, 2]) }]);
  });

  it('uses the session timeout as the rebalance timeout for v0, which carries none', async () => {
    const leader = await harness.call(joinGroupHandler, joinGroupApi, 0, request({ sessionTimeoutMs: 6_000 }));
    const follower = harness.call(joinGroupHandler, joinGroupApi, 0, request({ sessionTimeoutMs: 6_000 }));
    let answered = false;
    void follower.then(() => (answered = true));
    harness.clock.advance(5_999);
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    harness.clock.advance(1);
    const response = await follower;
    // The leader never rejoined within 6 s, so the follower formed generation 2 alone.
    expect(response).toMatchObject({ errorCode: 0, generationId: 2 });
    expect(response.leader).not.toBe(leader.memberId);
  });
});
