import { systemClock } from '../clock';
import { brokerConfig } from '../config';
import { apiVersionsHandler } from '../handlers/api-versions.handler';
import { ApiHandler, BrokerContext, NO_RESPONSE } from '../handlers/handler';
import { encodeRequestFrame } from '../protocol/codec';
import { apiVersionsApi } from '../protocol/messages/api-versions';
import { findCoordinatorApi } from '../protocol/messages/find-coordinator';
import { heartbeatApi } from '../protocol/messages/heartbeat';
import { listGroupsApi } from '../protocol/messages/list-groups';
import { metadataApi, MetadataRequest } from '../protocol/messages/metadata';
import { produceApi, ProduceRequest } from '../protocol/messages/produce';
import { KafkaServer } from './kafka-server';
import { RawClient } from './raw-client.test-helper';

/** Fake handlers: the server is tested on its own, without the log or the group coordinator. */
const echoTopicsHandler: ApiHandler<MetadataRequest> = {
  apiKey: metadataApi.apiKey,
  name: 'Metadata',
  handle: (request) => ({
    brokers: [],
    topics: (request.topics ?? []).map(({ name }) => ({ errorCode: 0, name, partitions: [] })),
  }),
};
/** Answers a tick later, so ordering across sync and async handlers is really exercised. */
const slowHeartbeatHandler: ApiHandler = {
  apiKey: heartbeatApi.apiKey,
  name: 'Heartbeat',
  handle: () => new Promise((resolve) => setTimeout(() => resolve({ errorCode: 0 }), 20)),
};
const produceHandler: ApiHandler<ProduceRequest> = {
  apiKey: produceApi.apiKey,
  name: 'Produce',
  handle: (request) => (request.acks === 0 ? NO_RESPONSE : { responses: [] }),
};
const throwingHandler: ApiHandler = {
  apiKey: listGroupsApi.apiKey,
  name: 'ListGroups',
  handle: () => {
    throw new Error('boom');
  },
};

const metadataFrame = (correlationId: number, topic: string) =>
  encodeRequestFrame(metadataApi, { apiVersion: 1, correlationId, clientId: 't' }, { topics: [{ name: topic }] });
const heartbeatFrame = (correlationId: number) =>
  encodeRequestFrame(heartbeatApi, { apiVersion: 1, correlationId, clientId: 't' }, {
    groupId: 'g',
    generationId: 1,
    memberId: 'm',
    groupInstanceId: null,
  });
/** A future ApiVersions: header v2 and a body we cannot know, or (older habit) no tags at all. */
const apiVersionsFrame = (correlationId: number, apiVersion: number, flexible = true) => {
  const header = Buffer.from('0012' + '0000' + '00000000' + '0001' + '74', 'hex');
  header.writeInt16BE(apiVersion, 2);
  header.writeInt32BE(correlationId, 4);
  const body = flexible ? Buffer.from('00' + '0301020300', 'hex') : Buffer.alloc(0);
  const size = Buffer.alloc(4);
  size.writeInt32BE(header.length + body.length);
  return Buffer.concat([size, header, body]);
};

describe('KafkaServer', () => {
  const logs: string[] = [];
  let server: KafkaServer;
  let port: number;
  const clients: RawClient[] = [];
  const client = async (host?: string) => {
    const created = await RawClient.connect(port, host);
    clients.push(created);
    return created;
  };

  beforeAll(async () => {
    const config = brokerConfig({ port: 0, maxFrameBytes: 1024 * 1024 });
    const broker = { nodeId: 0, host: 'localhost', port: 0, clusterId: 'test-cluster', clock: systemClock, config, log: (m: string) => logs.push(m) };
    server = new KafkaServer({
      handlers: [apiVersionsHandler, echoTopicsHandler, slowHeartbeatHandler, produceHandler, throwingHandler],
      broker: broker as unknown as BrokerContext,
      maxFrameBytes: config.maxFrameBytes,
      log: (m) => logs.push(m),
    });
    port = await server.listen(0);
  });

  afterEach(() => clients.splice(0).forEach((c) => c.close()));
  afterAll(() => server.close());

  it('answers pipelined requests in request order when sync and async handlers mix', async () => {
    const c = await client();
    c.send(Buffer.concat([heartbeatFrame(1), metadataFrame(2, 'a'), heartbeatFrame(3), metadataFrame(4, 'b')]));
    const frames = await c.waitForFrames(4);
    expect(frames.map((f) => f.readInt32BE(0))).toEqual([1, 2, 3, 4]);
    expect(c.decode(metadataApi, 1, frames[3]).body.topics[0].name).toBe('b');
  });

  it('reassembles a request that arrives one byte at a time', async () => {
    const c = await client();
    for (const byte of metadataFrame(9, 'split')) {
      c.send(Buffer.from([byte]));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const [frame] = await c.waitForFrames(1);
    expect(c.decode(metadataApi, 1, frame)).toMatchObject({ correlationId: 9, body: { topics: [{ name: 'split' }] } });
  });

  it('closes only the connection that sent a malformed frame', async () => {
    const good = await client();
    const bad = await client();
    bad.send(Buffer.from('00000005' + '7fff7fff00', 'hex'));
    await bad.waitForClose();
    good.send(metadataFrame(1, 'still-served'));
    await expect(good.waitForFrames(1)).resolves.toHaveLength(1);
    expect(logs.some((line) => /unreadable request header/.test(line))).toBe(true);
  });

  it('closes the connection when a body is truncated', async () => {
    const c = await client();
    const frame = metadataFrame(1, 'truncated');
    const cut = frame.subarray(0, frame.length - 4);
    cut.writeInt32BE(cut.length - 4, 0);
    c.send(cut);
    await c.waitForClose();
    expect(logs.some((line) => /malformed Metadata v1 request/.test(line))).toBe(true);
  });

  it('closes the connection when a frame is larger than the limit', async () => {
    const c = await client();
    c.send(Buffer.from('00200000', 'hex'));
    await c.waitForClose();
    expect(logs.some((line) => /frame size 2097152/.test(line))).toBe(true);
  });

  it('closes the connection on an API key it does not serve, known to the codec or not', async () => {
    const unknownKey = await client();
    unknownKey.send(Buffer.from('0000000a' + '0017' + '0000' + '00000001' + 'ffff', 'hex'));
    await unknownKey.waitForClose();
    const codecOnly = await client();
    codecOnly.send(encodeRequestFrame(findCoordinatorApi, { apiVersion: 1, correlationId: 1, clientId: null }, { key: 'g', keyType: 0 }));
    await codecOnly.waitForClose();
    expect(logs.some((line) => /unsupported API key 23/.test(line))).toBe(true);
    expect(logs.some((line) => /unsupported API key 10/.test(line))).toBe(true);
  });

  it('closes the connection on an unsupported version of a served API', async () => {
    const c = await client();
    const frame = metadataFrame(1, 'x');
    frame.writeInt16BE(9, 6);
    c.send(frame);
    await c.waitForClose();
    expect(logs.some((line) => /unsupported Metadata v9/.test(line))).toBe(true);
  });

  it('answers an ApiVersions version it does not know in v0 with error 35 and keeps the connection', async () => {
    const c = await client();
    c.send(Buffer.concat([apiVersionsFrame(5, 7), apiVersionsFrame(6, 4, false)]));
    const frames = await c.waitForFrames(2);
    for (const [index, frame] of frames.entries()) {
      expect(c.decode(apiVersionsApi, 0, frame)).toEqual({
        correlationId: 5 + index,
        body: { errorCode: 35, apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 3 }] },
      });
    }
    c.send(apiVersionsFrame(7, 0, false));
    const [, , retried] = await c.waitForFrames(3);
    expect(c.decode(apiVersionsApi, 0, retried).body.errorCode).toBe(0);
    expect(c.closed).toBe(false);
  });

  it('advertises exactly the codec versions of the registered handlers', async () => {
    const c = await client();
    c.send(
      encodeRequestFrame(apiVersionsApi, { apiVersion: 3, correlationId: 1, clientId: 'rdkafka' }, {
        clientSoftwareName: 'librdkafka',
        clientSoftwareVersion: '2.0.2',
      }),
    );
    const [frame] = await c.waitForFrames(1);
    expect(c.decode(apiVersionsApi, 3, frame).body.apiKeys).toEqual([
      { apiKey: 0, minVersion: 3, maxVersion: 7 },
      { apiKey: 3, minVersion: 0, maxVersion: 6 },
      { apiKey: 12, minVersion: 0, maxVersion: 3 },
      { apiKey: 16, minVersion: 0, maxVersion: 2 },
      { apiKey: 18, minVersion: 0, maxVersion: 3 },
    ]);
  });

  it('sends nothing for a handler that returns NO_RESPONSE and answers the next request', async () => {
    const c = await client();
    const silent = encodeRequestFrame(produceApi, { apiVersion: 7, correlationId: 1, clientId: 'p' }, {
      transactionalId: null,
      acks: 0,
      timeoutMs: 1000,
      topicData: [],
    });
    c.send(Buffer.concat([silent, metadataFrame(2, 'after')]));
    const [frame] = await c.waitForFrames(1);
    expect(frame.readInt32BE(0)).toBe(2);
  });

  it('closes the connection and carries on when a handler throws', async () => {
    const c = await client();
    c.send(encodeRequestFrame(listGroupsApi, { apiVersion: 1, correlationId: 1, clientId: null }, {}));
    await c.waitForClose();
    expect(logs.some((line) => /ListGroups handler failed \(Error: boom\)/.test(line))).toBe(true);
    const next = await client();
    next.send(metadataFrame(3, 'alive'));
    await expect(next.waitForFrames(1)).resolves.toHaveLength(1);
  });

  it('accepts connections on the IPv6 loopback too when the host has one', async () => {
    let c: RawClient;
    try {
      c = await client('::1');
    } catch {
      return; // no IPv6 loopback here: the server listens on IPv4 only, as designed
    }
    c.send(metadataFrame(1, 'v6'));
    await expect(c.waitForFrames(1)).resolves.toHaveLength(1);
  });
});
