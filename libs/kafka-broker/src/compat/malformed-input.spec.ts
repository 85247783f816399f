import { Admin, Kafka } from 'kafkajs';
import { RawClient } from '../server/raw-client.test-helper';
import { startTestBroker, TestBroker, uniqueName, waitFor } from '../testing';
import { testKafka } from './kafkajs-helpers';

const frame = (body: Buffer) => Buffer.concat([int32(body.length), body]);
function int32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeInt32BE(value);
  return buffer;
}

describe('embedded broker facing malformed input', () => {
  let broker: TestBroker;
  let kafka: Kafka;
  let admin: Admin;

  /** The broker must close the offending connection by itself and say why in its log. */
  const expectClosedAndLogged = async (bytes: Buffer) => {
    const logged = broker.logs.length;
    const client = await RawClient.connect(broker.port);
    client.send(bytes);
    await client.waitForClose();
    await waitFor(() => broker.logs.length > logged, { what: 'a log line about the bad input' });
    // The admin's connection, opened before, is still served.
    expect(await admin.listTopics()).toEqual(expect.any(Array));
  };

  beforeAll(async () => {
    broker = await startTestBroker({ defaultPartitions: 1 });
    kafka = testKafka(broker.address, 'malformed-input');
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.disconnect();
    await broker?.stop();
  });

  it('closes the connection when a frame holds garbage instead of a request header', async () => {
    await expectClosedAndLogged(frame(Buffer.from('7fff7fff0000000100', 'hex')));
  });

  it('closes the connection when a request body stops short of what its header announces', async () => {
    // Metadata v1 (key 3), correlation 7, no client id, then a topics array claiming 5 entries and holding none.
    const header = Buffer.from('0003000100000007ffff', 'hex');
    await expectClosedAndLogged(frame(Buffer.concat([header, int32(5)])));
  });

  it('closes the connection when a size prefix is larger than the frame limit', async () => {
    await expectClosedAndLogged(int32(0x7fffffff));
  });

  it('closes the connection when a size prefix is negative', async () => {
    await expectClosedAndLogged(int32(-5));
  });

  it('closes the connection when an HTTP client connects by mistake', async () => {
    await expectClosedAndLogged(Buffer.from('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n'));
  });

  it('keeps serving other clients when a client sends half a frame and hangs up', async () => {
    const client = await RawClient.connect(broker.port);
    client.socket.end(Buffer.concat([int32(1000), Buffer.alloc(10, 1)]));
    await client.waitForClose();

    const topic = uniqueName('after-bad-input');
    const producer = kafka.producer();
    await producer.connect();
    const [result] = await producer.send({ topic, messages: [{ value: 'still alive' }] });
    await producer.disconnect();
    expect(result.errorCode).toBe(0);
  });
});
