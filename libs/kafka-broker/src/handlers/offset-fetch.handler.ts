import { OffsetFetchRequest, OffsetFetchResponse } from '../protocol/messages/offset-fetch';
import { ApiHandler } from './handler';

/**
 * OffsetFetch v1-4. Partitions without a commit answer offset -1 with no error, which clients read as
 * "apply your reset policy"; from v2 on, topics null asks for every partition the group committed.
 */
export const offsetFetchHandler: ApiHandler<OffsetFetchRequest, OffsetFetchResponse> = {
  apiKey: 9,
  name: 'OffsetFetch',
  handle(request, ctx) {
    const result = ctx.broker.groups.fetchOffsets(request.groupId, request.topics);
    return { throttleTimeMs: 0, topics: result.topics, errorCode: result.errorCode };
  },
};
