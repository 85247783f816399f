import { Admin } from 'kafkajs';
import { describeResult, runCommand, startTestBroker, TestBroker, uniqueName, waitFor } from '../testing';
import { testKafka } from './kafkajs-helpers';
import { describeWhenInstalled, kcatInstalled } from './outside-clients';

describeWhenInstalled('kcat', kcatInstalled(), 'apt-get install kcat')('kcat (librdkafka 2.0.2) against the embedded broker', () => {
  let broker: TestBroker;
  let admin: Admin;

  /** Runs kcat against the broker and fails the test with kcat's own output if it does not exit 0. */
  const kcat = async (args: string[], input?: string) => {
    const result = await runCommand('kcat', ['-b', broker.address, '-q', ...args], { input, timeoutMs: 20_000 });
    if (result.code !== 0) throw new Error(`kcat ${args.join(' ')} ${describeResult(result)}`);
    return result.stdout;
  };
  const lines = (text: string) => text.split('\n').filter((line) => line !== '');

  beforeAll(async () => {
    broker = await startTestBroker({ defaultPartitions: 1 });
    admin = testKafka(broker.address, 'kcat-setup').admin();
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.disconnect();
    await broker?.stop();
  });

  it('lists this broker as node 0 and leader of every partition when asked for metadata', async () => {
    const topic = uniqueName('kcat-metadata');
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }] });

    const metadata = JSON.parse(await kcat(['-L', '-J', '-t', topic]));

    expect(metadata.brokers).toEqual([{ id: 0, name: broker.address }]);
    const [described] = metadata.topics;
    expect(described.topic).toBe(topic);
    expect(described.partitions.map((p: { partition: number; leader: number }) => [p.partition, p.leader])).toEqual([
      [0, 0],
      [1, 0],
      [2, 0],
    ]);
  });

  it('reads back keyed records from the beginning when produced with -K', async () => {
    const topic = uniqueName('kcat-keys');
    await kcat(['-P', '-t', topic, '-K:'], 'k1:v1\nk2:v2\nk3:\n');

    const consumed = await kcat(['-C', '-t', topic, '-o', 'beginning', '-e', '-f', '%k=%s@%o\n']);

    expect(lines(consumed)).toEqual(['k1=v1@0', 'k2=v2@1', 'k3=@2']);
  });

  it('answers offset queries (-Q) for latest, earliest and by timestamp', async () => {
    const topic = uniqueName('kcat-query');
    await kcat(['-P', '-t', topic], 'a\nb\nc\n');
    const offsetFor = async (time: number) => lines(await kcat(['-Q', '-t', `${topic}:0:${time}`]))[0];

    expect(await offsetFor(-1)).toBe(`${topic} [0] offset 3`);
    expect(await offsetFor(-2)).toBe(`${topic} [0] offset 0`);
    expect(await offsetFor(1_000)).toBe(`${topic} [0] offset 0`);
    expect(await offsetFor(Date.now() + 3_600_000)).toBe(`${topic} [0] offset -1`);
  });

  it('accepts an idempotent producer and serves its records in order', async () => {
    const topic = uniqueName('kcat-idempotent');
    const values = Array.from({ length: 50 }, (_, i) => `value-${i}`);
    await kcat(['-P', '-t', topic, '-X', 'enable.idempotence=true'], values.join('\n') + '\n');

    const consumed = await kcat(['-C', '-t', topic, '-o', 'beginning', '-e', '-f', '%s\n']);

    expect(lines(consumed)).toEqual(values);
  });

  it.each(['gzip', 'snappy', 'lz4', 'zstd'])('passes %s-compressed batches through untouched', async (codec) => {
    const topic = uniqueName(`kcat-${codec}`);
    // Repetitive values, so librdkafka does compress (it sends a batch plain when compression does not pay).
    const values = Array.from({ length: 30 }, (_, i) => `${codec}-${i}-${'x'.repeat(100)}`);
    await kcat(['-P', '-t', topic, '-z', codec], values.join('\n') + '\n');

    const consumed = await kcat(['-C', '-t', topic, '-o', 'beginning', '-e', '-f', '%s\n']);

    expect(lines(consumed)).toEqual(values);
  });

  it('consumes every record of every partition and commits when run as a balanced group (-G)', async () => {
    const topic = uniqueName('kcat-group');
    const groupId = uniqueName('kcat-group');
    await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
    const values = Array.from({ length: 20 }, (_, i) => `g${i}`);
    await kcat(['-P', '-t', topic, '-p', '0'], values.slice(0, 10).join('\n') + '\n');
    await kcat(['-P', '-t', topic, '-p', '1'], values.slice(10).join('\n') + '\n');

    const consumed = await kcat(['-G', groupId, topic, '-o', 'beginning', '-e', '-f', '%s\n']);

    expect(lines(consumed).sort()).toEqual([...values].sort());
    await waitFor(
      async () => {
        const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
        return committed.partitions.every((p) => p.offset === '10');
      },
      { what: 'kcat to commit offset 10 on both partitions' },
    );
  });
});
