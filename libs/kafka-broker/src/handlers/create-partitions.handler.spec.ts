import { ErrorCode } from '../errors';
import { CreatePartitionsResponse, CreatePartitionsTopic } from '../protocol/messages/create-partitions';
import { DataPathContext, dataPathContext } from './__fixtures__/data-path-context';
import { createPartitionsHandler } from './create-partitions.handler';

describe('create partitions handler', () => {
  let context: DataPathContext;
  const createPartitions = async (topics: CreatePartitionsTopic[], validateOnly = false) =>
    ((await createPartitionsHandler.handle({ topics, timeoutMs: 1000, validateOnly }, context.ctx)) as CreatePartitionsResponse).results;

  beforeEach(() => {
    context = dataPathContext({ apiKey: 37, apiVersion: 1 });
    context.topics.create('t', 2);
  });

  afterEach(() => context.close());

  it('grows the topic to the requested count', async () => {
    expect(await createPartitions([{ name: 't', count: 4, assignments: null }])).toEqual([{ name: 't', errorCode: 0, errorMessage: null }]);
    expect(context.topics.describe('t')?.partitions).toBe(4);
  });

  it('answers INVALID_PARTITIONS when the count is not more than the topic has', async () => {
    const [result] = await createPartitions([{ name: 't', count: 2, assignments: null }]);
    expect(result.errorCode).toBe(ErrorCode.INVALID_PARTITIONS);
    expect(result.errorMessage).toContain('2');
  });

  it('changes nothing when asked to validate only', async () => {
    expect((await createPartitions([{ name: 't', count: 3, assignments: null }], true))[0].errorCode).toBe(0);
    expect(context.topics.describe('t')?.partitions).toBe(2);
  });

  it('answers UNKNOWN_TOPIC_OR_PARTITION, INVALID_REPLICA_ASSIGNMENT and INVALID_REQUEST per topic', async () => {
    context.topics.create('u', 1);
    const results = await createPartitions([
      { name: 'missing', count: 3, assignments: null },
      { name: 't', count: 3, assignments: [{ brokerIds: [7] }] },
      { name: 'u', count: 2, assignments: null },
      { name: 'u', count: 3, assignments: null },
    ]);
    expect(results.map((r) => r.errorCode)).toEqual([
      ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
      ErrorCode.INVALID_REPLICA_ASSIGNMENT,
      ErrorCode.INVALID_REQUEST,
      ErrorCode.INVALID_REQUEST,
    ]);
    expect(context.topics.describe('u')?.partitions).toBe(1);
  });
});
