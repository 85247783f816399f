import { ITopicConfig } from 'kafkajs';
import { TopicSettings } from '@saga/events';

export interface PlannedTopic {
  name: string;
  partitions: number;
  replicationFactor: number;
  declaredReplicationFactor: number;
  retentionMs: number;
  minInSyncReplicas: number;
}

/**
 * Turns the declared settings (libs/events TOPIC_SETTINGS, the only table) into what this cluster can hold:
 * replication is capped at the number of brokers, so a single-node demo gets 1 while a three-broker cluster
 * gets the declared 3. min.insync.replicas is derived, not declared: one less than the replication, so acks=all
 * survives the loss of one replica without ever acknowledging a write held by a single broker.
 */
export function planTopics(settings: Readonly<Record<string, TopicSettings>>, brokerCount: number): PlannedTopic[] {
  if (brokerCount < 1) throw new Error('the cluster reported no brokers');
  return Object.entries(settings).map(([name, declared]) => {
    const replicationFactor = Math.min(declared.replicationFactor, brokerCount);
    return {
      name,
      partitions: declared.partitions,
      replicationFactor,
      declaredReplicationFactor: declared.replicationFactor,
      retentionMs: declared.retentionMs,
      minInSyncReplicas: Math.max(1, replicationFactor - 1),
    };
  });
}

export function toKafkaTopicConfig(topic: PlannedTopic): ITopicConfig {
  return {
    topic: topic.name,
    numPartitions: topic.partitions,
    replicationFactor: topic.replicationFactor,
    configEntries: [
      { name: 'retention.ms', value: String(topic.retentionMs) },
      { name: 'min.insync.replicas', value: String(topic.minInSyncReplicas) },
    ],
  };
}
