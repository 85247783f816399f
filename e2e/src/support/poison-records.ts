import { randomUUID } from 'node:crypto';
import { CONSUMER_GROUPS, KafkaInspector } from './kafka-inspector';

/** The ways a record can break the contract, named as the consumers' dead-letter reason (`dlt-reason`). */
export const POISON_KINDS = ['NOT_JSON', 'INVALID_ENVELOPE', 'UNKNOWN_TYPE', 'INVALID_PAYLOAD', 'UNKNOWN_VERSION'] as const;
export type PoisonKind = (typeof POISON_KINDS)[number];

/** A real event type of each topic, so the payload and version poison is about the payload, not the type. */
const TYPE_ON_TOPIC: Record<string, string> = { order: 'ORDER_CREATED', inventory: 'INVENTORY_RESERVED', payment: 'PAYMENT_COMPLETED' };

export function poisonValue(kind: PoisonKind, topic: string): string {
  if (kind === 'NOT_JSON') return '{"eventId": "half a record';
  const envelope = {
    eventId: randomUUID(),
    type: TYPE_ON_TOPIC[topic],
    version: 1,
    transactionId: randomUUID(),
    orderId: randomUUID(),
    occurredAt: new Date().toISOString(),
    payload: { customerId: 'poison', items: [{ sku: 'CABLE-USB-C', quantity: 1 }] },
  };
  switch (kind) {
    case 'INVALID_ENVELOPE':
      return JSON.stringify({ ...envelope, orderId: 'not-a-uuid' });
    case 'UNKNOWN_TYPE':
      return JSON.stringify({ ...envelope, type: 'ORDER_TELEPORTED' });
    case 'INVALID_PAYLOAD':
      return JSON.stringify({ ...envelope, payload: { customerId: 42, items: 'many' } });
    case 'UNKNOWN_VERSION':
      return JSON.stringify({ ...envelope, version: 99 });
  }
}

interface SentPoison {
  topic: string;
  partition: number;
  offset: string;
  reason: PoisonKind;
}

const coordinates = (topic: string, partition: number | string, offset: string) => `${topic}/${partition}/${offset}`;

/**
 * The poison records a run wrote, and the check that each dead-letter topic holds exactly those: each
 * one from every consumer group that reads its topic, with its reason, and nothing else. Dead letters
 * are written at least once, so they are counted distinct by the original topic, partition and offset.
 */
export class PoisonLedger {
  private readonly sent: SentPoison[] = [];

  constructor(private readonly kafka: KafkaInspector) {}

  get count(): number {
    return this.sent.length;
  }

  /** One record of every kind on every partition of `topic`: each partition must get past them. */
  async poisonEveryPartition(topic: string): Promise<number> {
    let written = 0;
    for (const partition of await this.kafka.partitionsOf(topic)) {
      for (const reason of POISON_KINDS) {
        const at = await this.kafka.write({ topic, partition, key: randomUUID(), value: poisonValue(reason, topic) });
        this.sent.push({ topic, ...at, reason });
        written++;
      }
    }
    return written;
  }

  async violations(): Promise<string[]> {
    const violations: string[] = [];
    for (const topic of Object.keys(TYPE_ON_TOPIC)) {
      const deadLetters = await this.kafka.readAll(`${topic}.DLT`);
      const seen = new Map<string, { reasons: Set<string>; groups: Set<string>; error: string }>();
      for (const record of deadLetters) {
        const h = record.headers;
        const key = coordinates(h['dlt-original-topic'], h['dlt-original-partition'], h['dlt-original-offset']);
        const entry = seen.get(key) ?? { reasons: new Set(), groups: new Set(), error: h['dlt-error'] };
        entry.reasons.add(h['dlt-reason']);
        entry.groups.add(h['dlt-consumer-group']);
        seen.set(key, entry);
      }
      const readers = Object.values(CONSUMER_GROUPS).filter((g) => (g.topics as readonly string[]).includes(topic));
      const expectedGroups = readers.map((g) => g.groupId).sort().join(',');
      for (const poison of this.sent.filter((p) => p.topic === topic)) {
        const key = coordinates(poison.topic, poison.partition, poison.offset);
        const entry = seen.get(key);
        seen.delete(key);
        if (!entry) {
          violations.push(`${poison.reason} poison at ${key} is not in ${topic}.DLT`);
          continue;
        }
        const reasons = [...entry.reasons].join(',');
        if (reasons !== poison.reason) violations.push(`${poison.reason} poison at ${key} dead-lettered with reason ${reasons}`);
        const groups = [...entry.groups].sort().join(',');
        if (groups !== expectedGroups) violations.push(`poison at ${key} dead-lettered by ${groups}, expected ${expectedGroups}`);
      }
      for (const [key, entry] of seen) {
        violations.push(`${topic}.DLT holds ${key}, which was no poison (${[...entry.reasons].join(',')}: ${entry.error})`);
      }
    }
    return violations;
  }
}
