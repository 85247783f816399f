/**
 * Broker throughput: kafkajs produces N records of 200 bytes (100 per send, acks=-1) to the embedded
 * broker running as a child process, then one consumer-group member reads them back. Reports
 * messages per second both ways and the broker process's own CPU per message, for the in-memory and
 * the file-backed store.
 *
 *   npm run build && npx tsc -b bench/broker && node bench/broker/dist/broker-throughput.js [--records 100000] [--out file]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Consumer, Kafka, logLevel, Producer } from 'kafkajs';
import { spawnBroker } from '@saga/kafka-broker/dist/testing/broker-process';
import { makeTempDir, removeDir } from '@saga/kafka-broker/dist/testing/temp-dir';
import { processCpuMicros } from './process-cpu';

export interface BrokerThroughput {
  produceMsgsPerSec: number;
  consumeMsgsPerSec: number;
  /** Broker CPU (user + system) over both phases, divided by the number of records. */
  cpuMicrosPerMsg: number;
}

export interface BrokerBenchResult extends BrokerThroughput {
  /** The top-level figures are the file-backed run's: that is how the dev stack runs the broker. */
  storage: { memory: BrokerThroughput; file: BrokerThroughput };
  records: number;
  recordBytes: number;
  recordsPerSend: number;
}

export interface BrokerBenchOptions {
  records?: number;
  recordBytes?: number;
  recordsPerSend?: number;
  /** Sends kept in flight at once, so the figure is the broker's throughput rather than one round trip's latency. */
  sendsInFlight?: number;
}

export async function runBrokerThroughputBench(options: BrokerBenchOptions = {}): Promise<BrokerBenchResult> {
  const settings = {
    records: options.records ?? 100_000,
    recordBytes: options.recordBytes ?? 200,
    recordsPerSend: options.recordsPerSend ?? 100,
    sendsInFlight: options.sendsInFlight ?? 4,
  };
  const memory = await measure(false, settings);
  const file = await measure(true, settings);
  return {
    ...file,
    storage: { memory, file },
    records: settings.records,
    recordBytes: settings.recordBytes,
    recordsPerSend: settings.recordsPerSend,
  };
}

async function measure(fileBacked: boolean, settings: Required<BrokerBenchOptions>): Promise<BrokerThroughput> {
  const dataDir = fileBacked ? makeTempDir('kafka-broker-bench-') : undefined;
  const broker = await spawnBroker({ dataDir, partitions: 1 });
  const kafka = new Kafka({ brokers: [broker.address], clientId: 'broker-bench', logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  const consumer = kafka.consumer({ groupId: 'broker-bench', maxWaitTimeInMs: 100 });
  try {
    await producer.connect();
    const value = Buffer.alloc(settings.recordBytes, 'x');
    // Warm-up (JIT, file creation) on another topic so it is not part of the measured figures.
    await produceAll(producer, 'bench-warmup', 2_000, value, settings);

    const cpuBeforeProduce = processCpuMicros(broker.pid);
    const produceStart = performance.now();
    await produceAll(producer, 'bench', settings.records, value, settings);
    const produceSeconds = (performance.now() - produceStart) / 1000;
    const produceCpu = processCpuMicros(broker.pid) - cpuBeforeProduce;

    const cpuBeforeConsume = processCpuMicros(broker.pid);
    const consumeSeconds = await consumeAll(consumer, 'bench', settings.records);
    const consumeCpu = processCpuMicros(broker.pid) - cpuBeforeConsume;

    return {
      produceMsgsPerSec: Math.round(settings.records / produceSeconds),
      consumeMsgsPerSec: Math.round(settings.records / consumeSeconds),
      cpuMicrosPerMsg: round1((produceCpu + consumeCpu) / settings.records),
    };
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await broker.stop();
    removeDir(dataDir);
  }
}

async function produceAll(
  producer: Producer,
  topic: string,
  records: number,
  value: Buffer,
  settings: Required<BrokerBenchOptions>,
): Promise<void> {
  let next = 0;
  const sender = async () => {
    while (next < records) {
      const count = Math.min(settings.recordsPerSend, records - next);
      const first = next;
      next += count;
      const messages = Array.from({ length: count }, (_, i) => ({ key: `order-${first + i}`, value }));
      await producer.send({ topic, acks: -1, messages });
    }
  };
  await Promise.all(Array.from({ length: settings.sendsInFlight }, sender));
}

/** Consumes `records` records; the clock starts at the first batch so the group join is not counted. */
async function consumeAll(consumer: Consumer, topic: string, records: number): Promise<number> {
  let seen = 0;
  let firstBatchAt = 0;
  let done!: (seconds: number) => void;
  const finished = new Promise<number>((resolveDone) => (done = resolveDone));
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      if (seen === 0) firstBatchAt = performance.now();
      seen += batch.messages.length;
      if (seen >= records) done((performance.now() - firstBatchAt) / 1000);
    },
  });
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`consumed only ${seen} of ${records} records in 120 s`)), 120_000).unref(),
  );
  return Promise.race([finished, timeout]);
}

const round1 = (n: number) => Math.round(n * 10) / 10;

function printTable(result: BrokerBenchResult): void {
  console.log(`broker throughput: ${result.records} records of ${result.recordBytes} B, ${result.recordsPerSend} per send, acks=-1`);
  console.log('storage | produce msgs/s | consume msgs/s | broker CPU us/msg');
  for (const [name, figures] of Object.entries(result.storage)) {
    const cells = [figures.produceMsgsPerSec, figures.consumeMsgsPerSec, figures.cpuMicrosPerMsg].map(String);
    console.log(`${name.padEnd(7)} | ${cells[0].padStart(14)} | ${cells[1].padStart(14)} | ${cells[2].padStart(17)}`);
  }
}

if (require.main === module) {
  const { values } = parseArgs({
    options: { records: { type: 'string' }, out: { type: 'string' } },
  });
  const out = resolve(values.out ?? resolve(__dirname, '../results/broker.json'));
  runBrokerThroughputBench(values.records ? { records: Number(values.records) } : {})
    .then((result) => {
      printTable(result);
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
      console.log(`written to ${out}`);
    })
    .catch((error) => {
      console.error(error);
      process.exitCode = 1;
    });
}
