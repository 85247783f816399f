import { ErrorCode, KafkaError } from '../errors';
import { TopicStore } from '../log';
import { FetchRequest, FetchResponsePartition, FetchResponseTopic } from '../protocol/messages/fetch';

export interface FetchRead {
  responses: FetchResponseTopic[];
  /** Record bytes in the response, compared with min_bytes. */
  bytes: number;
  /** A partition answered with an error: Kafka responds at once rather than waiting for data. */
  failed: boolean;
}

/**
 * One pass over the requested partitions, in request order, within max_bytes and each
 * partition_max_bytes. Only whole batches are returned; the first batch of the first partition that
 * has data is returned even above the limits (KIP-74), later partitions only what fits.
 */
export function readFetchPartitions(request: FetchRequest, topics: TopicStore): FetchRead {
  let remaining = request.maxBytes;
  let bytes = 0;
  let failed = false;
  const responses = request.topics.map((topic) => ({
    topic: topic.topic,
    partitions: topic.partitions.map((wanted): FetchResponsePartition => {
      const partition = topics.partition(topic.topic, wanted.partition);
      if (!partition) {
        failed = true;
        return answer(wanted.partition, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, -1, -1);
      }
      const highWatermark = partition.highWatermark();
      const logStartOffset = partition.logStartOffset();
      try {
        const limit = Math.max(0, Math.min(wanted.partitionMaxBytes, remaining));
        let records = partition.read(wanted.fetchOffset, limit);
        if (bytes > 0 && records.length > limit) records = Buffer.alloc(0);
        bytes += records.length;
        remaining -= records.length;
        return { ...answer(wanted.partition, ErrorCode.NONE, highWatermark, logStartOffset), records };
      } catch (error) {
        if (!(error instanceof KafkaError)) throw error;
        failed = true;
        return answer(wanted.partition, error.code, highWatermark, logStartOffset);
      }
    }),
  }));
  return { responses, bytes, failed };
}

function answer(partitionIndex: number, errorCode: number, highWatermark: number, logStartOffset: number): FetchResponsePartition {
  return {
    partitionIndex,
    errorCode,
    highWatermark,
    // No transactions: every record below the high watermark is stable. Never -1, which
    // read_committed clients (kafkajs, librdkafka) would take as "nothing readable".
    lastStableOffset: highWatermark,
    logStartOffset,
    abortedTransactions: [],
    preferredReadReplica: -1,
    records: Buffer.alloc(0),
  };
}
