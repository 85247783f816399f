import { HeartbeatRequest, HeartbeatResponse } from '../protocol/messages/heartbeat';
import { ApiHandler } from './handler';

/**
 * Heartbeat keeps a member's session alive, and its REBALANCE_IN_PROGRESS answer is how a member
 * learns it has to rejoin.
 */
export const heartbeatHandler: ApiHandler<HeartbeatRequest, HeartbeatResponse> = {
  apiKey: 12,
  name: 'Heartbeat',
  handle(request, ctx) {
    const errorCode = ctx.broker.groups.heartbeat(request.groupId, request.memberId, request.generationId);
    return { throttleTimeMs: 0, errorCode };
  },
};
