import { decodeRequestBody, decodeRequestHeader } from '../codec';
import { apiByKey } from '../registry';

/**
 * Golden bytes from a real client: every request is encoded by kafkajs 2.2.4's own protocol
 * encoders (plain JS in node_modules) and must decode with our codec into the expected object.
 */

/* eslint-disable @typescript-eslint/no-require-imports */
const encodeFrame = require('kafkajs/src/protocol/request');

type Case = { api: string; versions: number[]; args: unknown; expected: (version: number) => unknown };

const cases: Case[] = [
  {
    api: 'metadata',
    versions: [0, 1, 2, 3, 4, 5, 6],
    args: { topics: ['orders', 'payments'], allowAutoTopicCreation: false },
    expected: (v) => ({
      topics: [{ name: 'orders' }, { name: 'payments' }],
      ...(v >= 4 ? { allowAutoTopicCreation: false } : {}),
    }),
  },
  {
    api: 'listOffsets',
    versions: [1, 2, 3],
    args: { replicaId: -1, isolationLevel: 1, topics: [{ topic: 't', partitions: [{ partition: 2, timestamp: -2 }] }] },
    expected: (v) => ({
      replicaId: -1,
      isolationLevel: v >= 2 ? 1 : 0,
      topics: [{ name: 't', partitions: [{ partitionIndex: 2, timestamp: -2 }] }],
    }),
  },
  {
    api: 'fetch',
    versions: [4, 5, 6, 7, 8, 9, 10, 11],
    args: {
      replicaId: -1,
      maxWaitTime: 5000,
      minBytes: 1,
      maxBytes: 10485760,
      isolationLevel: 1,
      topics: [{ topic: 't', partitions: [{ partition: 0, fetchOffset: '12345678901', maxBytes: 1048576 }] }],
      rackId: 'r1',
    },
    expected: (v) => ({
      replicaId: -1,
      maxWaitMs: 5000,
      minBytes: 1,
      maxBytes: 10485760,
      isolationLevel: 1,
      sessionId: 0,
      sessionEpoch: -1,
      topics: [
        {
          topic: 't',
          partitions: [
            { partition: 0, currentLeaderEpoch: -1, fetchOffset: 12345678901, logStartOffset: -1, partitionMaxBytes: 1048576 },
          ],
        },
      ],
      ...(v >= 7 ? { forgottenTopicsData: [] } : {}),
      rackId: v >= 11 ? 'r1' : '',
    }),
  },
  {
    api: 'findCoordinator',
    versions: [0, 1, 2],
    args: { groupId: 'g', coordinatorKey: 'g', coordinatorType: 1 },
    expected: (v) => ({ key: 'g', keyType: v >= 1 ? 1 : 0 }),
  },
  {
    api: 'joinGroup',
    versions: [0, 1, 2, 3, 4, 5],
    args: {
      groupId: 'g',
      sessionTimeout: 30000,
      rebalanceTimeout: 60000,
      memberId: '',
      protocolType: 'consumer',
      groupProtocols: [{ name: 'RoundRobinAssigner', metadata: Buffer.from([0, 1, 2]) }],
    },
    expected: (v) => ({
      groupId: 'g',
      sessionTimeoutMs: 30000,
      rebalanceTimeoutMs: v >= 1 ? 60000 : -1,
      memberId: '',
      groupInstanceId: null,
      protocolType: 'consumer',
      protocols: [{ name: 'RoundRobinAssigner', metadata: Buffer.from([0, 1, 2]) }],
    }),
  },
  {
    api: 'syncGroup',
    versions: [0, 1, 2, 3],
    args: { groupId: 'g', generationId: 3, memberId: 'm-1', groupAssignment: [{ memberId: 'm-1', memberAssignment: Buffer.from('a') }] },
    expected: () => ({
      groupId: 'g',
      generationId: 3,
      memberId: 'm-1',
      groupInstanceId: null,
      assignments: [{ memberId: 'm-1', assignment: Buffer.from('a') }],
    }),
  },
  {
    api: 'heartbeat',
    versions: [0, 1, 2, 3],
    args: { groupId: 'g', groupGenerationId: 4, memberId: 'm-1', groupInstanceId: null },
    expected: () => ({ groupId: 'g', generationId: 4, memberId: 'm-1', groupInstanceId: null }),
  },
  {
    api: 'leaveGroup',
    versions: [0, 1, 2, 3],
    args: { groupId: 'g', memberId: 'm-1', members: [{ memberId: 'm-1' }] },
    expected: (v) =>
      v >= 3
        ? { groupId: 'g', members: [{ memberId: 'm-1', groupInstanceId: null }] }
        : { groupId: 'g', memberId: 'm-1' },
  },
  {
    api: 'offsetCommit',
    versions: [2, 3, 4, 5],
    args: {
      groupId: 'g',
      groupGenerationId: -1,
      memberId: '',
      retentionTime: -1,
      topics: [{ topic: 't', partitions: [{ partition: 1, offset: '42', metadata: null }] }],
    },
    expected: () => ({
      groupId: 'g',
      generationIdOrMemberEpoch: -1,
      memberId: '',
      retentionTimeMs: -1,
      topics: [{ name: 't', partitions: [{ partitionIndex: 1, committedOffset: 42, committedMetadata: null }] }],
    }),
  },
  {
    api: 'offsetFetch',
    versions: [1, 2, 3, 4],
    args: { groupId: 'g', topics: [{ topic: 't', partitions: [{ partition: 0 }, { partition: 1 }] }] },
    expected: () => ({ groupId: 'g', topics: [{ name: 't', partitionIndexes: [0, 1] }] }),
  },
  {
    api: 'createTopics',
    versions: [2, 3],
    args: {
      topics: [
        { topic: 't', numPartitions: -1, replicationFactor: -1, replicaAssignment: [], configEntries: [{ name: 'retention.ms', value: '1000' }] },
      ],
      validateOnly: false,
      timeout: 5000,
    },
    expected: () => ({
      topics: [
        { name: 't', numPartitions: -1, replicationFactor: -1, assignments: [], configs: [{ name: 'retention.ms', value: '1000' }] },
      ],
      timeoutMs: 5000,
      validateOnly: false,
    }),
  },
  {
    api: 'deleteTopics',
    versions: [0, 1],
    args: { topics: ['a', 'b'], timeout: 5000 },
    expected: () => ({ topicNames: ['a', 'b'], timeoutMs: 5000 }),
  },
  {
    api: 'createPartitions',
    versions: [0, 1],
    // kafkajs writes an empty assignment list as a null array
    args: { topicPartitions: [{ topic: 't', count: 5 }], validateOnly: true, timeout: 5000 },
    expected: () => ({ topics: [{ name: 't', count: 5, assignments: null }], timeoutMs: 5000, validateOnly: true }),
  },
  {
    api: 'initProducerId',
    versions: [0, 1],
    args: { transactionalId: null, transactionTimeout: 60000 },
    expected: () => ({ transactionalId: null, transactionTimeoutMs: 60000 }),
  },
  {
    api: 'describeGroups',
    versions: [0, 1, 2],
    args: { groupIds: ['g1', 'g2'] },
    expected: () => ({ groups: ['g1', 'g2'] }),
  },
  { api: 'listGroups', versions: [0, 1, 2], args: undefined, expected: () => ({}) },
  { api: 'deleteGroups', versions: [0, 1], args: ['g1'], expected: () => ({ groupsNames: ['g1'] }) },
  { api: 'apiVersions', versions: [0, 1, 2], args: undefined, expected: () => ({}) },
];

const table = cases.flatMap((c) => c.versions.map((version) => [c.api, version, c] as const));

async function kafkajsFrame(api: string, version: number, args: unknown): Promise<Buffer> {
  const request = require(`kafkajs/src/protocol/requests/${api}/v${version}/request`)(args);
  const encoder = await encodeFrame({ correlationId: 77, clientId: 'kafkajs-test', request });
  return encoder.buffer.subarray(4);
}

describe('codec against kafkajs 2.2.4 request encoders', () => {
  it.each(table)('decodes kafkajs %s v%i', async (api, version, c) => {
    const frame = await kafkajsFrame(api, version, c.args);
    const { header, bodyOffset } = decodeRequestHeader(frame);
    expect(header).toMatchObject({ apiVersion: version, correlationId: 77, clientId: 'kafkajs-test' });
    const message = apiByKey(header.apiKey)!;
    expect(decodeRequestBody(message, version, frame, bodyOffset)).toEqual(c.expected(version));
  });

  it.each([3, 4, 5, 6, 7])('decodes a kafkajs Produce v%i carrying one record batch', async (version) => {
    const request = require(`kafkajs/src/protocol/requests/produce/v${version}/request`)({
      acks: -1,
      timeout: 30000,
      transactionalId: null,
      topicData: [{ topic: 'orders', partitions: [{ partition: 1, firstSequence: 0, messages: [{ key: 'k', value: 'v' }] }] }],
    });
    const frame = (await encodeFrame({ correlationId: 1, clientId: 'p', request })).buffer.subarray(4);
    const { header, bodyOffset } = decodeRequestHeader(frame);
    const body = decodeRequestBody(apiByKey(0)!, header.apiVersion, frame, bodyOffset) as {
      topicData: { name: string; partitionData: { index: number; records: Buffer }[] }[];
    };
    expect(body).toMatchObject({ transactionalId: null, acks: -1, timeoutMs: 30000 });
    const [topic] = body.topicData;
    expect(topic.name).toBe('orders');
    const records = topic.partitionData[0].records;
    expect(topic.partitionData[0].index).toBe(1);
    // A whole magic-2 batch: length field covers the rest, magic byte at 16.
    expect(records.readInt32BE(8) + 12).toBe(records.length);
    expect(records[16]).toBe(2);
  });
});
