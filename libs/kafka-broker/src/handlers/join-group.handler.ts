import { JoinGroupRequest, JoinGroupResponse } from '../protocol/messages/join-group';
import { ApiHandler } from './handler';

/** KIP-394: from v4 on, a member without an id is handed one and asked to come back with it. */
const FIRST_VERSION_REQUIRING_MEMBER_ID = 4;

/**
 * JoinGroup. The answer may be held for a long time (until every member rejoined or the rebalance
 * timeout passed), so this returns the coordinator's promise. Static membership (group_instance_id,
 * v5) is not implemented: such members are treated as dynamic ones.
 */
export const joinGroupHandler: ApiHandler<JoinGroupRequest, JoinGroupResponse> = {
  apiKey: 11,
  name: 'JoinGroup',
  async handle(request, ctx) {
    const result = await ctx.broker.groups.joinGroup({
      groupId: request.groupId,
      memberId: request.memberId,
      requireKnownMemberId: ctx.apiVersion >= FIRST_VERSION_REQUIRING_MEMBER_ID,
      clientId: ctx.clientId ?? '',
      clientHost: ctx.clientHost,
      sessionTimeoutMs: request.sessionTimeoutMs,
      // v0 has no rebalance timeout; Kafka then waits for rejoins as long as the session timeout.
      rebalanceTimeoutMs: request.rebalanceTimeoutMs >= 0 ? request.rebalanceTimeoutMs : request.sessionTimeoutMs,
      protocolType: request.protocolType,
      protocols: request.protocols,
    });
    return { throttleTimeMs: 0, ...result };
  },
};
