import { ErrorCode } from '../errors';
import { CreatableTopic, CreateTopicsResponse } from '../protocol/messages/create-topics';
import { DataPathContext, dataPathContext } from './__fixtures__/data-path-context';
import { createTopicsHandler } from './create-topics.handler';

function topic(name: string, overrides: Partial<CreatableTopic> = {}): CreatableTopic {
  return { name, numPartitions: -1, replicationFactor: -1, assignments: [], configs: [], ...overrides };
}

describe('create topics handler', () => {
  let context: DataPathContext;
  const createTopics = async (topics: CreatableTopic[], validateOnly = false) =>
    ((await createTopicsHandler.handle({ topics, timeoutMs: 1000, validateOnly }, context.ctx)) as CreateTopicsResponse).topics;

  beforeEach(() => {
    context = dataPathContext({ apiKey: 19, apiVersion: 3 });
  });

  afterEach(() => context.close());

  it('creates with the broker defaults when partitions and replication are -1', async () => {
    expect(await createTopics([topic('t')])).toEqual([{ name: 't', errorCode: 0, errorMessage: null }]);
    expect(context.topics.describe('t')).toEqual({ name: 't', partitions: 2, configs: {} });
  });

  it('creates with the given partition count, replication factor 1 and configs', async () => {
    const configs = [
      { name: 'retention.ms', value: '60000' },
      { name: 'cleanup.policy', value: 'delete' },
    ];
    await createTopics([topic('t', { numPartitions: 5, replicationFactor: 1, configs })]);
    expect(context.topics.describe('t')).toEqual({ name: 't', partitions: 5, configs: { 'retention.ms': '60000', 'cleanup.policy': 'delete' } });
  });

  it('answers TOPIC_ALREADY_EXISTS with a message when the topic exists', async () => {
    await createTopics([topic('t')]);
    expect(await createTopics([topic('t')])).toEqual([{ name: 't', errorCode: ErrorCode.TOPIC_ALREADY_EXISTS, errorMessage: "Topic 't' already exists." }]);
  });

  it('answers per topic: INVALID_REPLICATION_FACTOR, INVALID_TOPIC_EXCEPTION, INVALID_CONFIG', async () => {
    const results = await createTopics([
      topic('replicated', { replicationFactor: 3 }),
      topic('bad/name'),
      topic('configured', { configs: [{ name: 'retention.ms', value: 'forever' }] }),
      topic('fine'),
    ]);
    expect(results.map((r) => [r.name, r.errorCode])).toEqual([
      ['replicated', ErrorCode.INVALID_REPLICATION_FACTOR],
      ['bad/name', ErrorCode.INVALID_TOPIC_EXCEPTION],
      ['configured', ErrorCode.INVALID_CONFIG],
      ['fine', 0],
    ]);
    expect(context.topics.list().map((t) => t.name)).toEqual(['fine']);
  });

  it('creates nothing when asked to validate only, but still reports what would fail', async () => {
    const results = await createTopics([topic('t'), topic('u', { numPartitions: 0 })], true);
    expect(results.map((r) => r.errorCode)).toEqual([0, ErrorCode.INVALID_PARTITIONS]);
    expect(context.topics.list()).toEqual([]);
  });

  it('creates one partition per assignment when every replica is this broker', async () => {
    const assignments = [0, 1, 2].map((partitionIndex) => ({ partitionIndex, brokerIds: [0] }));
    expect((await createTopics([topic('t', { assignments })]))[0].errorCode).toBe(0);
    expect(context.topics.describe('t')?.partitions).toBe(3);
    const elsewhere = [{ partitionIndex: 0, brokerIds: [1] }];
    expect((await createTopics([topic('u', { assignments: elsewhere })]))[0].errorCode).toBe(ErrorCode.INVALID_REPLICA_ASSIGNMENT);
  });

  it('answers INVALID_REQUEST for a topic listed twice', async () => {
    const results = await createTopics([topic('t'), topic('t')]);
    expect(results.map((r) => r.errorCode)).toEqual([ErrorCode.INVALID_REQUEST, ErrorCode.INVALID_REQUEST]);
    expect(context.topics.has('t')).toBe(false);
  });
});
