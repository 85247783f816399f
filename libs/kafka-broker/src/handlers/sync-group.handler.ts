import { SyncGroupRequest, SyncGroupResponse } from '../protocol/messages/sync-group';
import { ApiHandler } from './handler';

/**
 * SyncGroup. A follower's answer is held until the leader hands in the assignment; a member the
 * leader assigned nothing gets empty bytes, never null (some clients fail on a null assignment).
 */
export const syncGroupHandler: ApiHandler<SyncGroupRequest, SyncGroupResponse> = {
  apiKey: 14,
  name: 'SyncGroup',
  async handle(request, ctx) {
    const result = await ctx.broker.groups.syncGroup({
      groupId: request.groupId,
      generationId: request.generationId,
      memberId: request.memberId,
      assignments: request.assignments,
    });
    return { throttleTimeMs: 0, errorCode: result.errorCode, assignment: result.assignment };
  },
};
