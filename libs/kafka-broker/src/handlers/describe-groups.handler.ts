import { DescribeGroupsRequest, DescribeGroupsResponse } from '../protocol/messages/describe-groups';
import { ApiHandler } from './handler';

/**
 * DescribeGroups. An unknown group is reported as state "Dead" without an error, as Kafka does;
 * kafkajs `admin.setOffsets` relies on that to accept a group that never existed.
 */
export const describeGroupsHandler: ApiHandler<DescribeGroupsRequest, DescribeGroupsResponse> = {
  apiKey: 15,
  name: 'DescribeGroups',
  handle(request, ctx) {
    return { throttleTimeMs: 0, groups: request.groups.map((groupId) => ctx.broker.groups.describeGroup(groupId)) };
  },
};
