import { ManualClock } from '../clock';
import { ErrorCode, KafkaError } from '../errors';
import { buildRecordBatch } from '../protocol/record-batch-builder';
import { isValidTopicName, TopicStore } from './index';

function errorOf(action: () => unknown): { code: number; message: string } | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof KafkaError) return { code: error.code, message: error.message };
    throw error;
  }
  return undefined;
}

describe('topic store', () => {
  let store: TopicStore;

  beforeEach(() => {
    store = TopicStore.open({ defaultPartitions: 3, clock: new ManualClock(), retentionCheckIntervalMs: 0 });
  });

  afterEach(() => store.close());

  it('creates a topic with the default partition count when given -1', () => {
    expect(store.create('t', -1)).toEqual({ name: 't', partitions: 3, configs: {} });
    expect(store.has('t')).toBe(true);
    expect(store.partition('t', 2)).toBeDefined();
    expect(store.partition('t', 3)).toBeUndefined();
  });

  it('refuses a second topic of the same name with TOPIC_ALREADY_EXISTS and a message', () => {
    store.create('t', 1);
    expect(errorOf(() => store.create('t', 1))).toEqual({ code: ErrorCode.TOPIC_ALREADY_EXISTS, message: "Topic 't' already exists." });
  });

  it('refuses illegal names, names colliding through "." and "_", and bad partition counts', () => {
    store.create('a.b', 1);
    expect(errorOf(() => store.create('a_b', 1))?.code).toBe(ErrorCode.INVALID_TOPIC_EXCEPTION);
    expect(errorOf(() => store.create('bad name', 1))?.code).toBe(ErrorCode.INVALID_TOPIC_EXCEPTION);
    expect(errorOf(() => store.create('zero', 0))?.code).toBe(ErrorCode.INVALID_PARTITIONS);
    expect(errorOf(() => store.create('negative', -2))?.code).toBe(ErrorCode.INVALID_PARTITIONS);
  });

  it('refuses unknown configs and invalid values with INVALID_CONFIG, and drops null values', () => {
    expect(errorOf(() => store.create('t', 1, { 'no.such.config': '1' }))?.code).toBe(ErrorCode.INVALID_CONFIG);
    expect(errorOf(() => store.create('t', 1, { 'retention.ms': 'soon' }))?.code).toBe(ErrorCode.INVALID_CONFIG);
    expect(errorOf(() => store.create('t', 1, { 'message.timestamp.type': 'LogAppendTime' }))?.code).toBe(ErrorCode.INVALID_CONFIG);
    expect(store.create('t', 1, { 'retention.bytes': '1000', 'min.insync.replicas': '1', 'segment.bytes': null }).configs).toEqual({
      'retention.bytes': '1000',
      'min.insync.replicas': '1',
    });
  });

  it('validates without creating when asked to validate only', () => {
    expect(store.create('t', 2, {}, { validateOnly: true })).toEqual({ name: 't', partitions: 2, configs: {} });
    expect(store.has('t')).toBe(false);
  });

  it('adds partitions, and refuses INVALID_PARTITIONS when the count does not grow', () => {
    store.create('t', 2);
    store.addPartitions('t', 4);
    expect(store.describe('t')?.partitions).toBe(4);
    expect(store.partition('t', 3)?.highWatermark()).toBe(0);
    expect(errorOf(() => store.addPartitions('t', 4))?.code).toBe(ErrorCode.INVALID_PARTITIONS);
    store.addPartitions('t', 6, { validateOnly: true });
    expect(store.describe('t')?.partitions).toBe(4);
    expect(errorOf(() => store.addPartitions('missing', 4))?.code).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  });

  it('deletes a topic, and answers UNKNOWN_TOPIC_OR_PARTITION for one it does not know', () => {
    store.create('t', 1);
    store.delete('t');
    expect(store.has('t')).toBe(false);
    expect(store.list()).toEqual([]);
    expect(errorOf(() => store.delete('t'))?.code).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  });

  it('tells listeners about appends and deleted partitions until they unsubscribe', () => {
    store.create('t', 2);
    const seen: string[] = [];
    const unsubscribe = store.onAppend((topic, partition) => seen.push(`${topic}-${partition}`));
    store.partition('t', 1)!.append(buildRecordBatch({ records: [{ value: 'x' }] }));
    store.delete('t');
    unsubscribe();
    store.create('u', 1);
    store.partition('u', 0)!.append(buildRecordBatch({ records: [{ value: 'y' }] }));
    expect(seen).toEqual(['t-1', 't-0', 't-1']);
  });

  it('hands out distinct producer ids at epoch 0', () => {
    const ids = [store.allocateProducerId(), store.allocateProducerId()];
    expect(ids[0].producerId).not.toBe(ids[1].producerId);
    expect(ids.map((id) => id.producerEpoch)).toEqual([0, 0]);
  });

  it('returns copies, so callers cannot change a topic by editing what they were given', () => {
    store.create('t', 1, { 'retention.ms': '5' });
    store.describe('t')!.configs['retention.ms'] = '6';
    store.list()[0].partitions = 9;
    expect(store.describe('t')).toEqual({ name: 't', partitions: 1, configs: { 'retention.ms': '5' } });
  });
});

describe('isValidTopicName', () => {
  it('accepts letters, digits, ".", "_" and "-" up to 249 characters', () => {
    expect(isValidTopicName('orders.v1_reply-2')).toBe(true);
    expect(isValidTopicName('x'.repeat(249))).toBe(true);
  });

  it('rejects empty, overlong, "." and ".." names and other characters', () => {
    for (const name of ['', 'x'.repeat(250), '.', '..', 'a/b', 'a b', 'ü']) expect(isValidTopicName(name)).toBe(false);
  });
});
