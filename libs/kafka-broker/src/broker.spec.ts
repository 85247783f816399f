import { connect } from 'node:net';
import { Kafka, logLevel } from 'kafkajs';
import { RunningBroker, startBroker } from './broker';
import { makeTempDir, removeDir } from './testing/temp-dir';
import { waitFor } from './testing/wait-for';

const quiet = () => undefined;

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('startBroker', () => {
  let broker: RunningBroker;

  beforeAll(async () => {
    broker = await startBroker({ port: 0, defaultPartitions: 2, log: quiet });
  });

  afterAll(() => broker.stop());

  it('advertises localhost on the port it actually bound when asked for an ephemeral one', () => {
    expect(broker.port).toBeGreaterThan(0);
    expect(broker.host).toBe('localhost');
    expect(broker.address).toBe(`localhost:${broker.port}`);
  });

  it('lets kafkajs produce and consume through the advertised address', async () => {
    const kafka = new Kafka({ brokers: [broker.address], clientId: 'broker-spec', logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'broker-spec', messages: [{ key: 'k', value: 'hello' }] });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: 'broker-spec', maxWaitTimeInMs: 100, heartbeatInterval: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic: 'broker-spec', fromBeginning: true });
    const values: string[] = [];
    await consumer.run({ eachMessage: async ({ message }) => void values.push(String(message.value)) });
    await waitFor(() => values.length > 0, { what: 'the produced message' });
    await consumer.disconnect();
    expect(values).toEqual(['hello']);
  });

  it('listens on the IPv4 loopback and, where the host has one, the IPv6 loopback', async () => {
    expect(await canConnect('127.0.0.1', broker.port)).toBe(true);
    const ipv6 = await canConnect('::1', broker.port);
    expect(typeof ipv6).toBe('boolean'); // ::1 may not exist on this host; when it does it must be us
  });

  it('frees its port and closes open connections when stopped', async () => {
    const other = await startBroker({ port: 0, log: quiet });
    const socket = connect({ host: '127.0.0.1', port: other.port });
    await new Promise((resolve) => socket.once('connect', resolve));
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.on('error', quiet);
    await other.stop();
    await closed;
    expect(await canConnect('127.0.0.1', other.port)).toBe(false);
    await expect(other.stop()).resolves.toBeUndefined();
  });

  it('keeps the same cluster id across restarts on one data dir', async () => {
    const dataDir = makeTempDir('broker-spec-');
    try {
      const clusterIdOf = async () => {
        const running = await startBroker({ port: 0, dataDir, log: quiet });
        const admin = new Kafka({ brokers: [running.address], logLevel: logLevel.NOTHING }).admin();
        await admin.connect();
        const { clusterId } = await admin.describeCluster();
        await admin.disconnect();
        await running.stop();
        return clusterId;
      };
      const first = await clusterIdOf();
      expect(first).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(await clusterIdOf()).toBe(first);
    } finally {
      removeDir(dataDir);
    }
  });

  it('refuses to start on a port that is already taken', async () => {
    await expect(startBroker({ port: broker.port, log: quiet })).rejects.toThrow(/EADDRINUSE/);
  });
});
