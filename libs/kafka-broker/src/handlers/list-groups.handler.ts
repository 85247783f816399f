import { ListGroupsRequest, ListGroupsResponse } from '../protocol/messages/list-groups';
import { ApiHandler } from './handler';

/** ListGroups: every group this node coordinates, which on a single node is every group. */
export const listGroupsHandler: ApiHandler<ListGroupsRequest, ListGroupsResponse> = {
  apiKey: 16,
  name: 'ListGroups',
  handle(_request, ctx) {
    const { errorCode, groups } = ctx.broker.groups.listGroups();
    return { throttleTimeMs: 0, errorCode, groups };
  },
};
