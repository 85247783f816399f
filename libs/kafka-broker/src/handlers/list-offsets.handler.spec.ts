import { ErrorCode } from '../errors';
import { ListOffsetsResponse } from '../protocol/messages/list-offsets';
import { buildRecordBatch } from '../protocol/record-batch-builder';
import { DataPathContext, dataPathContext } from './__fixtures__/data-path-context';
import { listOffsetsHandler } from './list-offsets.handler';

describe('list offsets handler', () => {
  let context: DataPathContext;
  const T0 = 1_700_000_000_000;
  const listOffsets = async (topic: string, timestamp: number, partitionIndex = 0) => {
    const response = (await listOffsetsHandler.handle(
      { replicaId: -1, isolationLevel: 1, topics: [{ name: topic, partitions: [{ partitionIndex, timestamp }] }] },
      context.ctx,
    )) as ListOffsetsResponse;
    return response.topics[0].partitions[0];
  };

  beforeEach(() => {
    context = dataPathContext({ apiKey: 2, apiVersion: 3 });
    const batchAt = (ms: number) => buildRecordBatch({ records: [{ value: 'v'.repeat(50) }], baseTimestamp: T0 + ms });
    // One batch per segment, and room for three: a fourth append pushes the first segment out.
    const size = batchAt(0).length;
    context.topics.create('t', 1, { 'retention.ms': '-1', 'segment.bytes': String(size), 'retention.bytes': String(3 * size) });
    const log = context.topics.partition('t', 0)!;
    for (const ms of [0, 10, 20]) log.append(batchAt(ms));
  });

  afterEach(() => context.close());

  it('answers the high watermark when asked for -1 (latest)', async () => {
    expect(await listOffsets('t', -1)).toEqual({ partitionIndex: 0, errorCode: 0, timestamp: -1, offset: 3 });
  });

  it('answers the log start offset when asked for -2 (earliest)', async () => {
    expect(await listOffsets('t', -2)).toEqual({ partitionIndex: 0, errorCode: 0, timestamp: -1, offset: 0 });
    context.topics.partition('t', 0)!.append(buildRecordBatch({ records: [{ value: 'v'.repeat(50) }], baseTimestamp: T0 + 30 }));
    context.topics.enforceRetention();
    expect(await listOffsets('t', -2)).toEqual({ partitionIndex: 0, errorCode: 0, timestamp: -1, offset: 1 });
  });

  it('answers the first offset at or after a timestamp, or -1 when none is that recent', async () => {
    expect(await listOffsets('t', T0 + 5)).toEqual({ partitionIndex: 0, errorCode: 0, timestamp: T0 + 10, offset: 1 });
    expect(await listOffsets('t', T0 + 21)).toEqual({ partitionIndex: 0, errorCode: 0, timestamp: -1, offset: -1 });
  });

  it('answers UNKNOWN_TOPIC_OR_PARTITION for a topic or partition that does not exist', async () => {
    expect((await listOffsets('missing', -1)).errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    expect((await listOffsets('t', -1, 4)).errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  });
});
