import { ErrorCode } from '../errors';
import type { TopicPartitionOffset } from '../group';
import { OffsetCommitRequest, OffsetCommitResponse } from '../protocol/messages/offset-commit';
import { ApiHandler } from './handler';

/**
 * OffsetCommit v2-5. Partitions of unknown topics get UNKNOWN_TOPIC_OR_PARTITION and are not stored;
 * the rest go to the coordinator, which checks membership and generation. The v2-4 retention time
 * is accepted and ignored: committed offsets here are kept until their group or topic is deleted.
 */
export const offsetCommitHandler: ApiHandler<OffsetCommitRequest, OffsetCommitResponse> = {
  apiKey: 8,
  name: 'OffsetCommit',
  handle(request, ctx) {
    const known: TopicPartitionOffset[] = [];
    for (const topic of request.topics) {
      for (const p of topic.partitions) {
        if (!ctx.broker.topics.partition(topic.name, p.partitionIndex)) continue;
        known.push({ topic: topic.name, partition: p.partitionIndex, offset: p.committedOffset, metadata: p.committedMetadata });
      }
    }
    const errors = ctx.broker.groups.commitOffsets({
      groupId: request.groupId,
      generationId: request.generationIdOrMemberEpoch ?? -1,
      memberId: request.memberId ?? '',
      offsets: known,
    });
    const errorOf = new Map(known.map((o, i) => [`${o.partition}:${o.topic}`, errors[i]]));
    const topics = request.topics.map((topic) => ({
      name: topic.name,
      partitions: topic.partitions.map(({ partitionIndex }) => ({
        partitionIndex,
        errorCode: errorOf.get(`${partitionIndex}:${topic.name}`) ?? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
      })),
    }));
    return { throttleTimeMs: 0, topics };
  },
};
