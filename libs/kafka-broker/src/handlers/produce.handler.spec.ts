import { ErrorCode } from '../errors';
import { ProduceRequest } from '../protocol/messages/produce';
import { buildRecordBatch } from '../protocol/record-batch-builder';
import { DataPathContext, dataPathContext } from './__fixtures__/data-path-context';
import { NO_RESPONSE } from './handler';
import { produceHandler } from './produce.handler';

function produce(acks: number, partitions: { topic: string; index: number; records: Buffer | null }[]): ProduceRequest {
  const names = [...new Set(partitions.map((p) => p.topic))];
  return {
    transactionalId: null,
    acks,
    timeoutMs: 1000,
    topicData: names.map((name) => ({
      name,
      partitionData: partitions.filter((p) => p.topic === name).map(({ index, records }) => ({ index, records })),
    })),
  };
}

const batch = (value: string) => buildRecordBatch({ records: [{ value }] });

describe('produce handler', () => {
  let context: DataPathContext;

  beforeEach(() => {
    context = dataPathContext();
    context.topics.create('t', 2);
  });

  afterEach(() => context.close());

  it('appends each partition batch and answers its base offset and log start', async () => {
    await produceHandler.handle(produce(1, [{ topic: 't', index: 0, records: batch('a') }]), context.ctx);
    const response = await produceHandler.handle(
      produce(-1, [
        { topic: 't', index: 0, records: batch('b') },
        { topic: 't', index: 1, records: batch('c') },
      ]),
      context.ctx,
    );
    expect(response).toEqual({
      throttleTimeMs: 0,
      responses: [
        {
          name: 't',
          partitionResponses: [
            { index: 0, errorCode: 0, baseOffset: 1, logAppendTimeMs: -1, logStartOffset: 0 },
            { index: 1, errorCode: 0, baseOffset: 0, logAppendTimeMs: -1, logStartOffset: 0 },
          ],
        },
      ],
    });
  });

  it('answers UNKNOWN_TOPIC_OR_PARTITION without creating the topic when it does not exist', async () => {
    const response = await produceHandler.handle(
      produce(1, [
        { topic: 'missing', index: 0, records: batch('a') },
        { topic: 't', index: 5, records: batch('a') },
      ]),
      context.ctx,
    );
    const codes = response !== NO_RESPONSE && response.responses.map((r) => r.partitionResponses[0].errorCode);
    expect(codes).toEqual([ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]);
    expect(context.topics.has('missing')).toBe(false);
  });

  it('answers INVALID_REQUIRED_ACKS and appends nothing when acks is not -1, 0 or 1', async () => {
    const response = await produceHandler.handle(produce(2, [{ topic: 't', index: 0, records: batch('a') }]), context.ctx);
    expect(response !== NO_RESPONSE && response.responses[0].partitionResponses[0].errorCode).toBe(ErrorCode.INVALID_REQUIRED_ACKS);
    expect(context.topics.partition('t', 0)!.highWatermark()).toBe(0);
  });

  it('returns NO_RESPONSE but still appends when acks is 0', async () => {
    const response = await produceHandler.handle(produce(0, [{ topic: 't', index: 0, records: batch('a') }]), context.ctx);
    expect(response).toBe(NO_RESPONSE);
    expect(context.topics.partition('t', 0)!.highWatermark()).toBe(1);
  });

  it('answers the log error per partition when a batch is rejected', async () => {
    const corrupt = batch('a');
    corrupt[corrupt.length - 1] ^= 1;
    const response = await produceHandler.handle(
      produce(1, [
        { topic: 't', index: 0, records: corrupt },
        { topic: 't', index: 1, records: null },
      ]),
      context.ctx,
    );
    expect(response !== NO_RESPONSE && response.responses[0].partitionResponses).toEqual([
      { index: 0, errorCode: ErrorCode.CORRUPT_MESSAGE, baseOffset: -1, logAppendTimeMs: -1, logStartOffset: -1 },
      { index: 1, errorCode: ErrorCode.INVALID_RECORD, baseOffset: -1, logAppendTimeMs: -1, logStartOffset: -1 },
    ]);
  });
});
