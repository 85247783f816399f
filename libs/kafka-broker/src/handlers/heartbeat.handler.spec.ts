import { ErrorCode } from '../errors';
import { GroupHandlerHarness } from '../group/__fixtures__/handler-harness';
import { heartbeatApi, joinGroupApi } from '../protocol';
import { heartbeatHandler } from './heartbeat.handler';
import { joinGroupHandler } from './join-group.handler';

describe('heartbeatHandler', () => {
  const harness = new GroupHandlerHarness();
  afterAll(() => harness.close());

  it('carries the coordinator verdict, with throttle time from v1 on', async () => {
    const joined = await harness.call(joinGroupHandler, joinGroupApi, 1, {
      groupId: 'g',
      sessionTimeoutMs: 10_000,
      rebalanceTimeoutMs: 30_000,
      memberId: '',
      groupInstanceId: null,
      protocolType: 'consumer',
      protocols: [{ name: 'range', metadata: Buffer.alloc(0) }],
    });
    const beat = (version: number, memberId: string) =>
      harness.call(heartbeatHandler, heartbeatApi, version, { groupId: 'g', generationId: joined.generationId, memberId, groupInstanceId: null });

    expect(await beat(0, joined.memberId)).toEqual({ errorCode: 0 });
    expect(await beat(3, joined.memberId)).toEqual({ throttleTimeMs: 0, errorCode: 0 });
    expect(await beat(1, 'stranger')).toEqual({ throttleTimeMs: 0, errorCode: ErrorCode.UNKNOWN_MEMBER_ID });
  });
});
