import { DeleteTopicsRequest, DeleteTopicsResponse } from '../protocol/messages/delete-topics';
import { ApiHandler } from './handler';
import { adminResult } from './topic-admin-errors';

/**
 * Deletes topics with their records and committed offsets. Fetches waiting on them are woken by
 * the store and answer UNKNOWN_TOPIC_OR_PARTITION; unknown names get the same error here.
 */
export const deleteTopicsHandler: ApiHandler<DeleteTopicsRequest, DeleteTopicsResponse> = {
  apiKey: 20,
  name: 'DeleteTopics',
  handle(request, ctx) {
    const responses = request.topicNames.map((name) => ({
      name,
      errorCode: adminResult(() => {
        ctx.broker.topics.delete(name);
        ctx.broker.groups.forgetTopic(name);
      }).errorCode,
    }));
    return { throttleTimeMs: 0, responses };
  },
};
