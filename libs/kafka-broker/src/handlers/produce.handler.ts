import { ErrorCode, KafkaError } from '../errors';
import { ProducePartitionResponse, ProduceRequest, ProduceResponse } from '../protocol/messages/produce';
import { ApiHandler, NO_RESPONSE, RequestContext } from './handler';

const VALID_ACKS = new Set([-1, 0, 1]);

/**
 * Appends each partition's batch to its log. On a single node the append is complete when it
 * returns, so acks 1 and -1 are answered alike; acks 0 gets no response at all. Unknown topics are
 * not created here: clients learn of topics through Metadata, which owns auto-creation.
 */
export const produceHandler: ApiHandler<ProduceRequest, ProduceResponse> = {
  apiKey: 0,
  name: 'Produce',
  handle(request, ctx) {
    const acksValid = VALID_ACKS.has(request.acks);
    const responses = request.topicData.map((topic) => ({
      name: topic.name,
      partitionResponses: topic.partitionData.map((data) =>
        acksValid
          ? append(ctx, topic.name, data.index, data.records)
          : failed(data.index, ErrorCode.INVALID_REQUIRED_ACKS),
      ),
    }));
    if (request.acks === 0) return NO_RESPONSE;
    return { responses, throttleTimeMs: 0 };
  },
};

function append(ctx: RequestContext, topic: string, index: number, records: Buffer | null): ProducePartitionResponse {
  const partition = ctx.broker.topics.partition(topic, index);
  if (!partition) return failed(index, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  if (!records) return failed(index, ErrorCode.INVALID_RECORD);
  try {
    const { baseOffset } = partition.append(records);
    return { index, errorCode: ErrorCode.NONE, baseOffset, logAppendTimeMs: -1, logStartOffset: partition.logStartOffset() };
  } catch (error) {
    if (error instanceof KafkaError) return failed(index, error.code);
    ctx.broker.log(`produce to ${topic}-${index} failed: ${(error as Error).stack ?? String(error)}`);
    return failed(index, ErrorCode.UNKNOWN_SERVER_ERROR);
  }
}

function failed(index: number, errorCode: number): ProducePartitionResponse {
  return { index, errorCode, baseOffset: -1, logAppendTimeMs: -1, logStartOffset: -1 };
}
