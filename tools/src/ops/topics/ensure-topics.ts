import { Admin } from 'kafkajs';
import { TopicSettings } from '@saga/events';
import { PlannedTopic, planTopics, toKafkaTopicConfig } from './topic-plan';

export type TopicOutcome =
  | { topic: PlannedTopic; status: 'created' }
  | { topic: PlannedTopic; status: 'exists'; partitions: number };

/**
 * Creates every declared topic that is missing, with its partitions, capped replication and retention. An
 * existing topic is left as it is and reported with its partition count: adding partitions would move keys to
 * other partitions and break per-order ordering, so that is a decision for a person, never for a start script.
 */
export async function ensureTopics(admin: Admin, settings: Readonly<Record<string, TopicSettings>>): Promise<TopicOutcome[]> {
  const { brokers } = await admin.describeCluster();
  const plan = planTopics(settings, brokers.length);
  const existing = new Set(await admin.listTopics());
  const missing = plan.filter((topic) => !existing.has(topic.name));
  if (missing.length > 0) {
    await admin.createTopics({ topics: missing.map(toKafkaTopicConfig), waitForLeaders: true });
  }
  const present = plan.filter((topic) => existing.has(topic.name));
  const metadata = present.length > 0 ? await admin.fetchTopicMetadata({ topics: present.map((t) => t.name) }) : { topics: [] };
  const partitionsOf = new Map(metadata.topics.map((t) => [t.name, t.partitions.length]));
  return plan.map((topic) =>
    existing.has(topic.name)
      ? { topic, status: 'exists', partitions: partitionsOf.get(topic.name) ?? 0 }
      : { topic, status: 'created' },
  );
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function describeOutcome(outcome: TopicOutcome): string {
  const { topic } = outcome;
  const replication =
    topic.replicationFactor === topic.declaredReplicationFactor
      ? `replication ${topic.replicationFactor}`
      : `replication ${topic.replicationFactor} (declared ${topic.declaredReplicationFactor}, capped at the broker count)`;
  const retention = `retention ${topic.retentionMs % DAY_MS === 0 ? `${topic.retentionMs / DAY_MS} d` : `${topic.retentionMs} ms`}`;
  if (outcome.status === 'created') {
    return `created ${topic.name}: ${plural(topic.partitions, 'partition')}, ${replication}, min.insync.replicas ${topic.minInSyncReplicas}, ${retention}`;
  }
  const drift = outcome.partitions === topic.partitions ? '' : ` (declared ${topic.partitions}: left unchanged, see the README)`;
  return `exists  ${topic.name}: ${plural(outcome.partitions, 'partition')}${drift}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
