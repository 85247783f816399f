import { CreatePartitionsRequest, CreatePartitionsResponse } from '../protocol/messages/create-partitions';
import { ApiHandler } from './handler';
import { adminResult, checkAssignment, duplicatedNames, duplicateEntryError } from './topic-admin-errors';

/**
 * Grows topics to `count` partitions (INVALID_PARTITIONS unless that is more than they have).
 * Assignments, if given, may only place the new partitions on this broker.
 */
export const createPartitionsHandler: ApiHandler<CreatePartitionsRequest, CreatePartitionsResponse> = {
  apiKey: 37,
  name: 'CreatePartitions',
  handle(request, ctx) {
    const duplicated = duplicatedNames(request.topics.map((topic) => topic.name));
    const results = request.topics.map((topic) => ({
      name: topic.name,
      ...adminResult(() => {
        if (duplicated.has(topic.name)) throw duplicateEntryError(topic.name);
        topic.assignments?.forEach((assignment) => checkAssignment(assignment.brokerIds, ctx.broker.nodeId));
        ctx.broker.topics.addPartitions(topic.name, topic.count, { validateOnly: request.validateOnly });
      }),
    }));
    return { throttleTimeMs: 0, results };
  },
};
