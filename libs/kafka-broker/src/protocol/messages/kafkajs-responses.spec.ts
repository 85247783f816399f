import { encodeResponseFrame } from '../codec';
import { apiByKey, ApiKey } from '../registry';

/**
 * Our encoded responses must decode with kafkajs 2.2.4's own response decoders. Each case checks
 * the last field too: misaligned bytes anywhere before it would garble it.
 */

/* eslint-disable @typescript-eslint/no-require-imports */
const Record = require('kafkajs/src/protocol/recordBatch/record/v0');
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0');

async function kafkajsDecode(dir: string, apiKey: number, version: number, body: unknown): Promise<any> {
  const frame = Buffer.concat(encodeResponseFrame(apiByKey(apiKey)!, version, 5, body as never));
  expect(frame.readInt32BE(4)).toBe(5);
  const { decode } = require(`kafkajs/src/protocol/requests/${dir}/v${version}/response`);
  return decode(frame.subarray(8));
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('codec against kafkajs 2.2.4 response decoders', () => {
  it.each(range(0, 2))('encodes ApiVersions v%i as kafkajs reads it', async (version) => {
    const keys = [{ apiKey: 0, minVersion: 3, maxVersion: 7 }, { apiKey: 18, minVersion: 0, maxVersion: 3 }];
    const decoded = await kafkajsDecode('apiVersions', ApiKey.ApiVersions, version, { errorCode: 0, apiKeys: keys, throttleTimeMs: 0 });
    expect(decoded.apiVersions).toEqual(keys);
  });

  it.each(range(0, 6))('encodes Metadata v%i as kafkajs reads it', async (version) => {
    const body = {
      brokers: [{ nodeId: 0, host: 'localhost', port: 9092, rack: null }],
      clusterId: 'c'.repeat(22),
      controllerId: 0,
      topics: [
        { errorCode: 0, name: 'orders', partitions: [{ errorCode: 0, partitionIndex: 0, leaderId: 0, replicaNodes: [0], isrNodes: [0] }] },
      ],
    };
    const decoded = await kafkajsDecode('metadata', ApiKey.Metadata, version, body);
    expect(decoded.brokers).toEqual([expect.objectContaining({ nodeId: 0, host: 'localhost', port: 9092 })]);
    if (version >= 1) expect(decoded.controllerId).toBe(0);
    if (version >= 2) expect(decoded.clusterId).toBe('c'.repeat(22));
    const [topic] = decoded.topicMetadata;
    expect(topic).toMatchObject({ topic: 'orders', topicErrorCode: 0 });
    expect(topic.partitionMetadata).toEqual([
      expect.objectContaining({ partitionErrorCode: 0, partitionId: 0, leader: 0, replicas: [0], isr: [0] }),
    ]);
    if (version >= 5) expect(topic.partitionMetadata[0].offlineReplicas).toEqual([]);
  });

  it.each(range(3, 7))('encodes Produce v%i as kafkajs reads it', async (version) => {
    const body = {
      responses: [{ name: 't', partitionResponses: [{ index: 2, errorCode: 0, baseOffset: 2 ** 40, logStartOffset: 7 }] }],
      throttleTimeMs: 0,
    };
    const decoded = await kafkajsDecode('produce', ApiKey.Produce, version, body);
    expect(decoded.topics[0].topicName).toBe('t');
    expect(decoded.topics[0].partitions[0]).toMatchObject({ partition: 2, errorCode: 0, baseOffset: String(2 ** 40), logAppendTime: '-1' });
    if (version >= 5) expect(decoded.topics[0].partitions[0].logStartOffset).toBe('7');
  });

  it.each(range(4, 11))('encodes Fetch v%i with a record batch as kafkajs reads it', async (version) => {
    const records = [Record({ key: 'k', value: 'hello', offsetDelta: 0, timestampDelta: 0 })];
    const batch = await RecordBatch({ records, firstTimestamp: 1_700_000_000_000, maxTimestamp: 1_700_000_000_000, lastOffsetDelta: 0 });
    const body = {
      responses: [
        {
          topic: 't',
          partitions: [
            { partitionIndex: 0, errorCode: 0, highWatermark: 1, lastStableOffset: 1, logStartOffset: 0, abortedTransactions: [], records: batch.buffer },
            { partitionIndex: 1, errorCode: 1, highWatermark: 0, lastStableOffset: 0, logStartOffset: 0, abortedTransactions: null, records: null },
          ],
        },
      ],
    };
    const decoded = await kafkajsDecode('fetch', ApiKey.Fetch, version, body);
    const [full, empty] = decoded.responses[0].partitions;
    expect(full).toMatchObject({ partition: 0, errorCode: 0, highWatermark: '1', lastStableOffset: '1' });
    expect(full.messages.map((m: any) => [m.key.toString(), m.value.toString()])).toEqual([['k', 'hello']]);
    expect(empty).toMatchObject({ partition: 1, errorCode: 1, messages: [] });
    if (version >= 11) expect(full.preferredReadReplica).toBe(-1);
  });

  it.each(range(1, 3))('encodes ListOffsets v%i as kafkajs reads it', async (version) => {
    const body = { topics: [{ name: 't', partitions: [{ partitionIndex: 0, errorCode: 0, timestamp: -1, offset: 12 }] }] };
    const decoded = await kafkajsDecode('listOffsets', ApiKey.ListOffsets, version, body);
    expect(decoded.responses).toEqual([{ topic: 't', partitions: [{ partition: 0, errorCode: 0, timestamp: '-1', offset: '12' }] }]);
  });

  it.each(range(0, 2))('encodes FindCoordinator v%i as kafkajs reads it', async (version) => {
    const body = { errorCode: 0, errorMessage: null, nodeId: 0, host: 'localhost', port: 9092 };
    const decoded = await kafkajsDecode('findCoordinator', ApiKey.FindCoordinator, version, body);
    expect(decoded.coordinator).toEqual({ nodeId: 0, host: 'localhost', port: 9092 });
  });

  it.each(range(0, 5))('encodes JoinGroup v%i as kafkajs reads it', async (version) => {
    const body = {
      errorCode: 0,
      generationId: 3,
      protocolName: 'RoundRobinAssigner',
      leader: 'm-1',
      memberId: 'm-1',
      members: [{ memberId: 'm-1', groupInstanceId: null, metadata: Buffer.from('meta') }],
    };
    const decoded = await kafkajsDecode('joinGroup', ApiKey.JoinGroup, version, body);
    expect(decoded).toMatchObject({ errorCode: 0, generationId: 3, groupProtocol: 'RoundRobinAssigner', leaderId: 'm-1', memberId: 'm-1' });
    expect(decoded.members[0].memberMetadata.toString()).toBe('meta');
  });

  it.each(range(0, 3))('encodes SyncGroup v%i as kafkajs reads it', async (version) => {
    const decoded = await kafkajsDecode('syncGroup', ApiKey.SyncGroup, version, { errorCode: 0, assignment: Buffer.from('plan') });
    expect(decoded.memberAssignment.toString()).toBe('plan');
  });

  it.each(range(0, 3))('encodes Heartbeat v%i as kafkajs reads it', async (version) => {
    await expect(kafkajsDecode('heartbeat', ApiKey.Heartbeat, version, { errorCode: 0 })).resolves.toMatchObject({ errorCode: 0 });
  });

  it.each(range(0, 3))('encodes LeaveGroup v%i as kafkajs reads it', async (version) => {
    const body = { errorCode: 0, members: [{ memberId: 'm-1', groupInstanceId: null, errorCode: 0 }] };
    const decoded = await kafkajsDecode('leaveGroup', ApiKey.LeaveGroup, version, body);
    expect(decoded.errorCode).toBe(0);
    if (version >= 3) expect(decoded.members).toEqual([{ memberId: 'm-1', groupInstanceId: null, errorCode: 0 }]);
  });

  it.each(range(2, 5))('encodes OffsetCommit v%i as kafkajs reads it', async (version) => {
    const body = { topics: [{ name: 't', partitions: [{ partitionIndex: 1, errorCode: 0 }] }] };
    const decoded = await kafkajsDecode('offsetCommit', ApiKey.OffsetCommit, version, body);
    expect(decoded.responses).toEqual([{ topic: 't', partitions: [{ partition: 1, errorCode: 0 }] }]);
  });

  it.each(range(1, 4))('encodes OffsetFetch v%i as kafkajs reads it', async (version) => {
    const body = {
      topics: [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: -1, metadata: '', errorCode: 0 }] }],
      errorCode: 0,
    };
    const decoded = await kafkajsDecode('offsetFetch', ApiKey.OffsetFetch, version, body);
    expect(decoded.responses).toEqual([{ topic: 't', partitions: [{ partition: 0, offset: '-1', metadata: '', errorCode: 0 }] }]);
    if (version >= 2) expect(decoded.errorCode).toBe(0);
  });

  it.each(range(2, 3))('encodes CreateTopics v%i as kafkajs reads it', async (version) => {
    const body = { topics: [{ name: 't', errorCode: 36, errorMessage: "Topic 't' already exists." }] };
    const decoded = await kafkajsDecode('createTopics', ApiKey.CreateTopics, version, body);
    expect(decoded.topicErrors).toEqual([{ topic: 't', errorCode: 36, errorMessage: "Topic 't' already exists." }]);
  });

  it.each(range(0, 1))('encodes DeleteTopics v%i as kafkajs reads it', async (version) => {
    const decoded = await kafkajsDecode('deleteTopics', ApiKey.DeleteTopics, version, { responses: [{ name: 't', errorCode: 0 }] });
    expect(decoded.topicErrors).toEqual([{ topic: 't', errorCode: 0 }]);
  });

  it.each(range(0, 1))('encodes CreatePartitions v%i as kafkajs reads it', async (version) => {
    const body = { results: [{ name: 't', errorCode: 37, errorMessage: 'too few' }] };
    const decoded = await kafkajsDecode('createPartitions', ApiKey.CreatePartitions, version, body);
    expect(decoded.topicErrors).toEqual([{ topic: 't', errorCode: 37, errorMessage: 'too few' }]);
  });

  it.each(range(0, 1))('encodes InitProducerId v%i as kafkajs reads it', async (version) => {
    const body = { errorCode: 0, producerId: 4000, producerEpoch: 0 };
    const decoded = await kafkajsDecode('initProducerId', ApiKey.InitProducerId, version, body);
    expect(decoded).toMatchObject({ errorCode: 0, producerId: '4000', producerEpoch: 0 });
  });

  it.each(range(0, 2))('encodes DescribeGroups v%i as kafkajs reads it', async (version) => {
    const member = { memberId: 'm', clientId: 'c', clientHost: '/127.0.0.1', memberMetadata: Buffer.from('x'), memberAssignment: Buffer.from('y') };
    const body = {
      groups: [{ errorCode: 0, groupId: 'g', groupState: 'Stable', protocolType: 'consumer', protocolData: 'RoundRobinAssigner', members: [member] }],
    };
    const decoded = await kafkajsDecode('describeGroups', ApiKey.DescribeGroups, version, body);
    expect(decoded.groups[0]).toMatchObject({ groupId: 'g', state: 'Stable', protocolType: 'consumer', protocol: 'RoundRobinAssigner' });
    expect(decoded.groups[0].members[0].memberAssignment.toString()).toBe('y');
  });

  it.each(range(0, 2))('encodes ListGroups v%i as kafkajs reads it', async (version) => {
    const body = { errorCode: 0, groups: [{ groupId: 'g', protocolType: 'consumer' }] };
    const decoded = await kafkajsDecode('listGroups', ApiKey.ListGroups, version, body);
    expect(decoded.groups).toEqual([{ groupId: 'g', protocolType: 'consumer' }]);
  });

  it.each(range(0, 1))('encodes DeleteGroups v%i as kafkajs reads it', async (version) => {
    const body = { results: [{ groupId: 'g', errorCode: 0 }] };
    const decoded = await kafkajsDecode('deleteGroups', ApiKey.DeleteGroups, version, body);
    expect(decoded.results).toEqual([{ groupId: 'g', errorCode: 0 }]);
  });
});
