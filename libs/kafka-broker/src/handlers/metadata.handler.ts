import { ErrorCode, KafkaError } from '../errors';
import { isValidTopicName, TopicInfo } from '../log';
import { MetadataRequest, MetadataResponse, MetadataResponseTopic } from '../protocol/messages/metadata';
import { ApiKey } from '../protocol/registry';
import { ApiHandler, BrokerContext, RequestContext } from './handler';

/**
 * One node, leader of everything. kafkajs throws on any error it finds in an all-topics answer, so
 * those list only live topics; a requested topic is always echoed, with an error if it cannot exist.
 */
export const metadataHandler: ApiHandler<MetadataRequest, MetadataResponse> = {
  apiKey: ApiKey.Metadata,
  name: 'Metadata',
  handle(request, ctx) {
    const { broker } = ctx;
    const names = requestedNames(request, ctx.apiVersion);
    const topics =
      names === null
        ? broker.topics.list().map((info) => describeTopic(info, broker.nodeId))
        : names.map((name) => topicOrError(name, mayAutoCreate(request, ctx), ctx));
    return {
      throttleTimeMs: 0,
      brokers: [{ nodeId: broker.nodeId, host: broker.host, port: broker.port, rack: null }],
      clusterId: broker.clusterId,
      controllerId: broker.nodeId,
      topics,
    };
  },
};

/** null = all topics: an empty array in v0, a null array from v1 on. */
function requestedNames(request: MetadataRequest, version: number): string[] | null {
  if (request.topics === null) return null;
  if (version === 0 && request.topics.length === 0) return null;
  return [...new Set(request.topics.map((topic) => topic.name))];
}

/** Before v4 the request cannot say, so the broker config alone decides (as Kafka does). */
function mayAutoCreate(request: MetadataRequest, ctx: RequestContext): boolean {
  const allowedByRequest = ctx.apiVersion < 4 || request.allowAutoTopicCreation !== false;
  return ctx.broker.config.autoCreateTopics && allowedByRequest;
}

function topicOrError(name: string, autoCreate: boolean, ctx: RequestContext): MetadataResponseTopic {
  const { broker } = ctx;
  const existing = broker.topics.describe(name);
  if (existing) return describeTopic(existing, broker.nodeId);
  if (!autoCreate) return failed(name, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  if (!isValidTopicName(name)) return failed(name, ErrorCode.INVALID_TOPIC_EXCEPTION);
  return autoCreateTopic(name, broker);
}

function autoCreateTopic(name: string, broker: BrokerContext): MetadataResponseTopic {
  try {
    const created = broker.topics.create(name, -1);
    broker.log(`auto-created topic ${name} with ${created.partitions} partition(s)`);
    return describeTopic(created, broker.nodeId);
  } catch (error) {
    if (error instanceof KafkaError) return failed(name, error.code);
    throw error;
  }
}

function describeTopic(info: TopicInfo, nodeId: number): MetadataResponseTopic {
  const partitions = Array.from({ length: info.partitions }, (_, partitionIndex) => ({
    errorCode: ErrorCode.NONE,
    partitionIndex,
    leaderId: nodeId,
    replicaNodes: [nodeId],
    isrNodes: [nodeId],
    offlineReplicas: [],
  }));
  return { errorCode: ErrorCode.NONE, name: info.name, isInternal: false, partitions };
}

function failed(name: string, errorCode: number): MetadataResponseTopic {
  return { errorCode, name, isInternal: false, partitions: [] };
}
