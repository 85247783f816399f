import { ErrorCode, KafkaError } from '../errors';
import { validateTopicConfigs } from './topic-config';
import { isValidTopicName } from './topic-name';

export interface NewTopicRequest {
  name: string;
  /** -1 means the broker default. */
  partitions: number;
  configs: Record<string, string | null>;
}

/**
 * Everything that can be wrong with a topic before it exists, in Kafka's order and with its error
 * codes: an illegal name (17), an existing name (36), a name colliding with another (17), a
 * partition count below 1 (37), unknown or invalid configs (40). Returns the resolved definition.
 */
export function checkNewTopic(
  request: NewTopicRequest,
  existing: Iterable<string>,
  defaultPartitions: number,
): { name: string; partitions: number; configs: Record<string, string> } {
  const { name, partitions } = request;
  if (!isValidTopicName(name)) throw new KafkaError(ErrorCode.INVALID_TOPIC_EXCEPTION, `Topic name '${name}' is illegal`);
  const names = [...existing];
  if (names.includes(name)) throw new KafkaError(ErrorCode.TOPIC_ALREADY_EXISTS, `Topic '${name}' already exists.`);
  const colliding = names.find((other) => other.replace(/\./g, '_') === name.replace(/\./g, '_'));
  if (colliding) {
    // Kafka forbids these: metric names replace '.' with '_', so the two topics' metrics would merge.
    throw new KafkaError(ErrorCode.INVALID_TOPIC_EXCEPTION, `Topic '${name}' collides with existing topic '${colliding}'`);
  }
  const count = partitions === -1 ? defaultPartitions : partitions;
  if (!Number.isInteger(count) || count <= 0) {
    throw new KafkaError(ErrorCode.INVALID_PARTITIONS, `Number of partitions must be larger than 0, got ${partitions}.`);
  }
  return { name, partitions: count, configs: validateTopicConfigs(request.configs) };
}
