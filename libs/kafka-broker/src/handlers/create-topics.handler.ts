import { ErrorCode, KafkaError } from '../errors';
import { CreatableTopic, CreateTopicsRequest, CreateTopicsResponse } from '../protocol/messages/create-topics';
import { ApiHandler, RequestContext } from './handler';
import { adminResult, checkAssignment, duplicatedNames, duplicateEntryError } from './topic-admin-errors';

/**
 * Creates topics; -1 partitions or replication factor mean the broker defaults. Replication must be
 * 1 on a single node. An existing topic is TOPIC_ALREADY_EXISTS (kafkajs reads that as "nothing to do").
 * Config names and values are checked by the log, which knows which ones it acts on.
 */
export const createTopicsHandler: ApiHandler<CreateTopicsRequest, CreateTopicsResponse> = {
  apiKey: 19,
  name: 'CreateTopics',
  handle(request, ctx) {
    const duplicated = duplicatedNames(request.topics.map((topic) => topic.name));
    const topics = request.topics.map((topic) => ({
      name: topic.name,
      ...adminResult(() => {
        if (duplicated.has(topic.name)) throw duplicateEntryError(topic.name);
        create(topic, request.validateOnly, ctx);
      }),
    }));
    return { throttleTimeMs: 0, topics };
  },
};

function create(topic: CreatableTopic, validateOnly: boolean, ctx: RequestContext): void {
  let partitions = topic.numPartitions;
  if (topic.assignments.length > 0) {
    if (topic.numPartitions !== -1 || topic.replicationFactor !== -1) {
      throw new KafkaError(
        ErrorCode.INVALID_REQUEST,
        'Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time.',
      );
    }
    topic.assignments.forEach((assignment) => checkAssignment(assignment.brokerIds, ctx.broker.nodeId));
    partitions = topic.assignments.length;
  } else if (topic.replicationFactor !== -1 && topic.replicationFactor !== 1) {
    throw new KafkaError(
      ErrorCode.INVALID_REPLICATION_FACTOR,
      `Replication factor: ${topic.replicationFactor} larger than available brokers: 1.`,
    );
  }
  const configs = Object.fromEntries(topic.configs.map((config) => [config.name, config.value]));
  ctx.broker.topics.create(topic.name, partitions, configs, { validateOnly });
}
