import { DeleteGroupsRequest, DeleteGroupsResponse } from '../protocol/messages/delete-groups';
import { ApiHandler } from './handler';

/**
 * DeleteGroups: only groups without members can go (NON_EMPTY_GROUP otherwise), and their committed
 * offsets go with them; an unknown group is GROUP_ID_NOT_FOUND.
 */
export const deleteGroupsHandler: ApiHandler<DeleteGroupsRequest, DeleteGroupsResponse> = {
  apiKey: 42,
  name: 'DeleteGroups',
  handle(request, ctx) {
    const results = request.groupsNames.map((groupId) => ({ groupId, errorCode: ctx.broker.groups.deleteGroup(groupId) }));
    return { throttleTimeMs: 0, results };
  },
};
