import { ErrorCode } from '../errors';
import { PartitionLog } from '../log';
import { ListOffsetsRequest, ListOffsetsResponse, ListOffsetsResponsePartition } from '../protocol/messages/list-offsets';
import { ApiHandler } from './handler';

const LATEST = -1;
const EARLIEST = -2;

/**
 * Offsets by time: -1 is the high watermark (also under read_committed: without transactions the
 * last stable offset equals it), -2 the log start, anything else the first record at or after that
 * timestamp, or offset -1 when there is none.
 */
export const listOffsetsHandler: ApiHandler<ListOffsetsRequest, ListOffsetsResponse> = {
  apiKey: 2,
  name: 'ListOffsets',
  handle(request, ctx) {
    const topics = request.topics.map((topic) => ({
      name: topic.name,
      partitions: topic.partitions.map(({ partitionIndex, timestamp }): ListOffsetsResponsePartition => {
        const partition = ctx.broker.topics.partition(topic.name, partitionIndex);
        if (!partition) {
          return { partitionIndex, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, timestamp: -1, offset: -1 };
        }
        return { partitionIndex, errorCode: ErrorCode.NONE, ...lookUp(partition, timestamp) };
      }),
    }));
    return { throttleTimeMs: 0, topics };
  },
};

function lookUp(partition: PartitionLog, timestamp: number): { offset: number; timestamp: number } {
  if (timestamp === LATEST) return { offset: partition.highWatermark(), timestamp: -1 };
  if (timestamp === EARLIEST) return { offset: partition.logStartOffset(), timestamp: -1 };
  return partition.offsetForTimestamp(timestamp);
}
