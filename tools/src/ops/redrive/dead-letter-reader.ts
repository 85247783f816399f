import { randomUUID } from 'node:crypto';
import { Kafka } from 'kafkajs';
import { DeadLetter, headersToStrings } from './dead-letter';

export interface ReadOptions {
  /** Only this partition (dead-letter topics have one by default). */
  partition?: number;
  /** Gives up when the records present at the start have not all arrived by then. */
  timeoutMs?: number;
}

/**
 * Reads every record a dead-letter topic holds right now, from its log start to its end offsets taken at the
 * start, and returns them in offset order per partition. kafkajs reads only through a consumer group, so the
 * reader joins a throwaway group that commits nothing and is deleted afterwards: the services' groups and
 * their positions are never touched.
 */
export async function readDeadLetters(kafka: Kafka, topic: string, options: ReadOptions = {}): Promise<DeadLetter[]> {
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `saga-redrive-reader-${randomUUID()}`;
  try {
    const ends = new Map(
      (await admin.fetchTopicOffsets(topic))
        .filter((p) => options.partition === undefined || p.partition === options.partition)
        .filter((p) => BigInt(p.high) > BigInt(p.low))
        .map((p) => [p.partition, BigInt(p.high)]),
    );
    if (ends.size === 0) return [];
    const records = await consumeUntil(kafka, groupId, topic, ends, options.timeoutMs ?? 30_000);
    return records.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
  } finally {
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}

async function consumeUntil(
  kafka: Kafka,
  groupId: string,
  topic: string,
  ends: Map<number, bigint>,
  timeoutMs: number,
): Promise<DeadLetter[]> {
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
  // Keyed by position: a rebalance may hand the same batch over twice.
  const records = new Map<string, DeadLetter>();
  const remaining = new Set(ends.keys());
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`read ${records.size} records of ${topic} within ${timeoutMs} ms, partitions ${[...remaining]} not complete`)),
        timeoutMs,
      );
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            const end = ends.get(batch.partition);
            if (end === undefined) return;
            for (const m of batch.messages) {
              if (BigInt(m.offset) >= end) break;
              records.set(`${batch.partition}:${m.offset}`, {
                topic,
                partition: batch.partition,
                offset: m.offset,
                key: m.key ? m.key.toString() : null,
                value: m.value,
                headers: headersToStrings(m.headers),
                timestamp: m.timestamp,
              });
            }
            const last = batch.messages.at(-1);
            if (last && BigInt(last.offset) + 1n >= end) remaining.delete(batch.partition);
            if (remaining.size === 0) resolve();
          },
        })
        .catch(reject);
    });
    return [...records.values()];
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
}
