import { brokerConfig } from '../config';
import { ErrorCode } from '../errors';
import { MetadataRequest, MetadataResponse } from '../protocol/messages/metadata';
import { dataPathContext, DataPathContext } from './__fixtures__/data-path-context';
import { RequestContext } from './handler';
import { metadataHandler } from './metadata.handler';

describe('metadataHandler', () => {
  let env: DataPathContext;

  beforeEach(() => {
    env = dataPathContext({ apiKey: 3 });
  });
  afterEach(() => env.close());

  const ask = (version: number, request: MetadataRequest, autoCreateTopics = true) => {
    const ctx: RequestContext = {
      ...env.ctx,
      apiVersion: version,
      broker: { ...env.ctx.broker, config: brokerConfig({ ...env.ctx.broker.config, autoCreateTopics }) },
    };
    return metadataHandler.handle(request, ctx) as MetadataResponse;
  };
  const names = (response: MetadataResponse) => response.topics.map((topic) => topic.name).sort();

  it('describes this node as the only broker, the controller and the leader of every partition', () => {
    env.topics.create('orders', 2);
    const response = ask(6, { topics: [{ name: 'orders' }], allowAutoTopicCreation: false });
    expect(response.brokers).toEqual([{ nodeId: 0, host: 'localhost', port: 0, rack: null }]);
    expect(response).toMatchObject({ controllerId: 0, clusterId: 'test-cluster' });
    expect(response.topics).toEqual([
      {
        errorCode: 0,
        name: 'orders',
        isInternal: false,
        partitions: [0, 1].map((partitionIndex) => ({
          errorCode: 0,
          partitionIndex,
          leaderId: 0,
          replicaNodes: [0],
          isrNodes: [0],
          offlineReplicas: [],
        })),
      },
    ]);
  });

  it('lists all topics for an empty array in v0 and for a null array from v1', () => {
    env.topics.create('a', 1);
    env.topics.create('b', 1);
    expect(names(ask(0, { topics: [] }))).toEqual(['a', 'b']);
    expect(names(ask(1, { topics: null }))).toEqual(['a', 'b']);
  });

  it('lists no topic for an empty array from v1', () => {
    env.topics.create('a', 1);
    expect(ask(1, { topics: [] }).topics).toEqual([]);
  });

  it('auto-creates a requested topic with the default partition count when the request allows it', () => {
    const [topic] = ask(4, { topics: [{ name: 'fresh' }], allowAutoTopicCreation: true }).topics;
    expect(topic).toMatchObject({ errorCode: 0, name: 'fresh' });
    expect(topic.partitions).toHaveLength(2);
    expect(env.topics.has('fresh')).toBe(true);
  });

  it('answers UNKNOWN_TOPIC_OR_PARTITION without creating when a v4+ request forbids auto-creation', () => {
    expect(ask(4, { topics: [{ name: 'nope' }], allowAutoTopicCreation: false }).topics).toEqual([
      { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, name: 'nope', isInternal: false, partitions: [] },
    ]);
    expect(env.topics.has('nope')).toBe(false);
  });

  it('lets the broker config decide auto-creation before v4', () => {
    expect(ask(1, { topics: [{ name: 'by-config' }] }).topics[0].errorCode).toBe(0);
    expect(ask(1, { topics: [{ name: 'disabled' }] }, false).topics[0].errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    expect(ask(5, { topics: [{ name: 'disabled' }], allowAutoTopicCreation: true }, false).topics[0].errorCode).toBe(
      ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
    );
  });

  it('answers INVALID_TOPIC_EXCEPTION for an illegal name instead of creating it', () => {
    const [topic] = ask(6, { topics: [{ name: 'bad/name' }], allowAutoTopicCreation: true }).topics;
    expect(topic).toMatchObject({ errorCode: ErrorCode.INVALID_TOPIC_EXCEPTION, name: 'bad/name', partitions: [] });
  });

  it('echoes every requested topic once, in request order', () => {
    env.topics.create('known', 1);
    const response = ask(6, { topics: [{ name: 'known' }, { name: 'new' }, { name: 'known' }], allowAutoTopicCreation: true });
    expect(response.topics.map((topic) => topic.name)).toEqual(['known', 'new']);
  });
});
