import { LeaveGroupRequest, LeaveGroupResponse } from '../protocol/messages/leave-group';
import { ApiHandler } from './handler';

const FIRST_BATCH_VERSION = 3;

/**
 * LeaveGroup. Up to v2 one member leaves and its outcome is the top-level error; v3 names a batch of
 * members and reports per member, the top-level error then only covers the group as a whole.
 */
export const leaveGroupHandler: ApiHandler<LeaveGroupRequest, LeaveGroupResponse> = {
  apiKey: 13,
  name: 'LeaveGroup',
  handle(request, ctx) {
    const batch = ctx.apiVersion >= FIRST_BATCH_VERSION;
    const leaving = batch
      ? (request.members ?? [])
      : [{ memberId: request.memberId ?? '', groupInstanceId: null }];
    const result = ctx.broker.groups.leaveGroup(
      request.groupId,
      leaving.map((m) => m.memberId),
    );
    if (!batch) {
      const errorCode = result.errorCode || (result.members[0]?.errorCode ?? 0);
      return { throttleTimeMs: 0, errorCode };
    }
    const members = leaving.map((m, i) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      errorCode: result.members[i]?.errorCode ?? result.errorCode,
    }));
    return { throttleTimeMs: 0, errorCode: result.errorCode, members };
  },
};
