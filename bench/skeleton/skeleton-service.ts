import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Consumer, EachBatchPayload, Kafka, logLevel, Partitioners, Producer } from 'kafkajs';
import { Pool } from 'pg';
import { headersToStrings } from '../../libs/messaging/src/kafka/kafkajs-bus';
import { fixKafkajsIdleLoop } from '../../libs/messaging/src/kafka/kafkajs-idle-loop-fix';

/**
 * One service of the saga's skeleton: the same processes, topics, clients (node:http, kafkajs, pg) and
 * delivery rules as the real service, and nothing else. No Nest, no TypeORM, no validation library, no
 * tracing, no domain rules: what the saga's shape costs this machine before any framework is added.
 *
 * Per fetched batch one statement does the idempotent consumer's work (inbox insert, state write, outbox
 * append) atomically; offsets are committed after it; an event-driven relay publishes the outbox. Hops,
 * record fan-out and linger settings are those of the real services (5 ms after a fetch or a publish).
 */
fixKafkajsIdleLoop();

type Role = 'order' | 'inventory' | 'payment';
type Outgoing = { topic: string; type: string };

/** What each service does with the events it reads: the state it writes and the event it emits, if any. */
const REACTIONS: Record<Role, { topics: string[]; on: Record<string, { status: string; emit?: Outgoing }> }> = {
  order: {
    topics: ['inventory', 'payment'],
    on: {
      INVENTORY_RESERVED: { status: 'RESERVED' },
      PAYMENT_COMPLETED: { status: 'CONFIRMED', emit: { topic: 'order', type: 'ORDER_CONFIRMED' } },
    },
  },
  inventory: {
    topics: ['order'],
    on: {
      ORDER_CREATED: { status: 'RESERVED', emit: { topic: 'inventory', type: 'INVENTORY_RESERVED' } },
      ORDER_CONFIRMED: { status: 'SOLD' },
    },
  },
  payment: {
    topics: ['order', 'inventory'],
    on: { INVENTORY_RESERVED: { status: 'CHARGED', emit: { topic: 'payment', type: 'PAYMENT_COMPLETED' } } },
  },
};

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS inbox (event_id uuid PRIMARY KEY);
  CREATE TABLE IF NOT EXISTS state (order_id uuid PRIMARY KEY, status text NOT NULL, body text);
  CREATE TABLE IF NOT EXISTS outbox (id bigserial PRIMARY KEY, topic text NOT NULL, key text NOT NULL, type text NOT NULL,
    transaction_id text NOT NULL, value text NOT NULL)`;

/** Inbox claim, state write and outbox append in one atomic statement (one round trip per batch). */
const APPLY = `
  WITH fresh AS (INSERT INTO inbox (event_id) SELECT unnest($1::uuid[]) ON CONFLICT DO NOTHING),
  written AS (INSERT INTO state (order_id, status, body) SELECT * FROM unnest($2::uuid[], $3::text[], $4::text[])
    ON CONFLICT (order_id) DO UPDATE SET status = excluded.status)
  INSERT INTO outbox (topic, key, type, transaction_id, value) SELECT * FROM unnest($5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
  RETURNING id, topic, key, type, transaction_id, value`;

const RELAY_BATCH = 500;
const RELAY = `DELETE FROM outbox WHERE id IN (SELECT id FROM outbox ORDER BY id LIMIT ${RELAY_BATCH}) RETURNING id, topic, key, type, transaction_id, value`;
const LINGER_MS = Number(process.env.LINGER_MS ?? 5);

interface OutboxRow {
  id: string;
  topic: string;
  key: string;
  type: string;
  transaction_id: string;
  value: string;
}

interface Change {
  eventId?: string;
  orderId: string;
  transactionId: string;
  status: string;
  body?: string;
  emit?: Outgoing;
}

async function main(): Promise<void> {
  const role = process.env.SERVICE_NAME as Role;
  if (!REACTIONS[role]) throw new Error(`SERVICE_NAME must be order, inventory or payment, not ${role}`);
  const db = new Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
  await db.query(SCHEMA);
  const kafka = new Kafka({ brokers: process.env.KAFKA_BROKERS!.split(','), clientId: `skeleton-${role}`, logLevel: logLevel.ERROR });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const publisher = process.env.PUBLISH === 'after-commit' ? new AfterCommitPublisher(db, producer) : new OutboxRelay(db, producer);
  const apply = async (changes: Change[]) => {
    const { rows } = await db.query<OutboxRow>(APPLY, applyParameters(changes));
    if (rows.length > 0) await publisher.committed(rows);
  };

  const consumer = kafka.consumer({ groupId: role, maxWaitTimeInMs: 500 });
  await consumer.connect();
  await consumer.subscribe({ topics: REACTIONS[role].topics, fromBeginning: true });
  const fetches = new FetchCoalescer(consumer, async (records) => apply(reactionsOf(role, records)));
  await consumer.run({ autoCommit: false, partitionsConsumedConcurrently: 18, eachBatch: (payload) => fetches.add(payload) });

  const placements = role === 'order' ? new GroupCommit(apply) : undefined;
  createServer((req, res) => void route(req, res, placements)).listen(Number(process.env.PORT));
}

/** POST /orders (order only) and GET /health; the body is checked for shape by hand, the floor of any validation. */
async function route(req: IncomingMessage, res: ServerResponse, placements?: GroupCommit): Promise<void> {
  if (req.method === 'GET' && req.url === '/health') return void res.writeHead(200).end('{"ok":true}');
  if (req.method !== 'POST' || req.url !== '/orders' || !placements) return void res.writeHead(404).end();
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString();
  const order = JSON.parse(body) as { customerId?: unknown; items?: unknown };
  if (typeof order.customerId !== 'string' || !Array.isArray(order.items)) return void res.writeHead(400).end('{"message":"bad order"}');
  const orderId = randomUUID();
  await placements.submit({ orderId, transactionId: randomUUID(), status: 'PENDING', body, emit: { topic: 'order', type: 'ORDER_CREATED' } });
  res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ orderId, status: 'PENDING' }));
}

function reactionsOf(role: Role, records: { headers: Record<string, string>; key: string }[]): Change[] {
  const changes: Change[] = [];
  for (const { headers, key } of records) {
    const reaction = REACTIONS[role].on[headers['event-type']];
    if (!reaction) continue; // not this service's event: marked done unread, as the real consumers do
    changes.push({ eventId: headers['event-id'], orderId: key, transactionId: headers['transaction-id'], ...reaction });
  }
  return changes;
}

function applyParameters(changes: Change[]): unknown[] {
  const emitted = changes.filter((change) => change.emit);
  // One row per order: a batch may hold two events of one saga (ORDER_CREATED then ORDER_CONFIRMED), the later wins.
  const latest = [...new Map(changes.map((change) => [change.orderId, change])).values()];
  return [
    changes.flatMap((change) => change.eventId ?? []),
    latest.map((change) => change.orderId),
    latest.map((change) => change.status),
    latest.map((change) => change.body ?? null),
    emitted.map((change) => change.emit!.topic),
    emitted.map((change) => change.orderId),
    emitted.map((change) => change.emit!.type),
    emitted.map((change) => change.transactionId),
    emitted.map((change) => JSON.stringify({ type: change.emit!.type, orderId: change.orderId, transactionId: change.transactionId, payload: { orderId: change.orderId, totalCents: 0 } })),
  ];
}

/** Requests that arrive while a transaction is in flight share the next one (the real POST /orders does the same). */
class GroupCommit {
  private pending: { change: Change; done: (error?: unknown) => void }[] = [];
  private writing = false;
  constructor(private readonly apply: (changes: Change[]) => Promise<void>) {}

  submit(change: Change): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ change, done: (error) => (error ? reject(error) : resolve()) });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, 200);
      const outcome = await this.apply(batch.map((item) => item.change)).then(() => undefined, (error: unknown) => error ?? new Error('failed'));
      batch.forEach((item) => item.done(outcome));
    }
    this.writing = false;
  }
}

/**
 * kafkajs hands over a fetch one partition batch at a time; they are applied together in one statement,
 * then their offsets committed in one request, and the next fetch waits a short linger (as the real consumers).
 */
class FetchCoalescer {
  private waiting: EachBatchPayload[] = [];
  private flushed?: Promise<void>;
  constructor(
    private readonly consumer: Consumer,
    private readonly apply: (records: { headers: Record<string, string>; key: string }[]) => Promise<void>,
  ) {}

  add(payload: EachBatchPayload): Promise<void> {
    this.waiting.push(payload);
    this.flushed ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.flush());
    return this.flushed;
  }

  private async flush(): Promise<void> {
    const payloads = this.waiting;
    this.waiting = [];
    this.flushed = undefined;
    const records = payloads.flatMap(({ batch }) =>
      batch.messages.map((message) => ({ key: message.key!.toString(), headers: headersToStrings(message.headers) })),
    );
    if (records.length > 0) await this.apply(records);
    const offsets = payloads
      .filter(({ batch }) => batch.messages.length > 0)
      .map(({ batch }) => ({ topic: batch.topic, partition: batch.partition, offset: String(Number(batch.lastOffset()) + 1) }));
    if (offsets.length > 0) await this.consumer.commitOffsets(offsets);
    if (records.length > 0) await new Promise((resolve) => setTimeout(resolve, LINGER_MS));
  }
}

/** How a service's committed outbox rows reach Kafka (PUBLISH): awaited before the batch's offsets are committed. */
interface Publisher {
  committed(rows: OutboxRow[]): Promise<void>;
}

/**
 * As the real services: a relay woken after a commit reads the outbox back, one DELETE ... RETURNING per batch
 * of up to 500 rows after a short linger, and publishes it. The real relay holds that DELETE open until the
 * broker acknowledges (two round trips more per batch); here a crash between the two would lose the batch:
 * the floor of the cost, not of the guarantee.
 */
class OutboxRelay implements Publisher {
  private running = false;
  private again = false;
  constructor(
    private readonly db: Pool,
    private readonly producer: Producer,
  ) {}

  async committed(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.run();
  }

  private async run(): Promise<void> {
    do {
      this.again = false;
      await new Promise((resolve) => setTimeout(resolve, LINGER_MS));
      let published: number;
      do {
        const { rows } = await this.db.query<OutboxRow>(RELAY);
        published = rows.length;
        if (published > 0) await publish(this.producer, rows);
      } while (published === RELAY_BATCH);
    } while (this.again);
    this.running = false;
  }
}

/**
 * Publish after commit: the transaction still writes the outbox, but the process that committed publishes those
 * rows at once from memory and deletes them once acknowledged. No read back, no linger on the saga's path; a
 * relay would only be needed for rows left by a crash between commit and acknowledgement (none in a bench).
 */
class AfterCommitPublisher implements Publisher {
  constructor(
    private readonly db: Pool,
    private readonly producer: Producer,
  ) {}

  async committed(rows: OutboxRow[]): Promise<void> {
    await publish(this.producer, rows);
    void this.db.query('DELETE FROM outbox WHERE id = ANY($1::bigint[])', [rows.map((row) => row.id)]).catch((error: unknown) => console.error(error));
  }
}

async function publish(producer: Producer, rows: OutboxRow[]): Promise<void> {
  const byTopic = new Map<string, OutboxRow[]>();
  for (const row of rows) byTopic.set(row.topic, byTopic.get(row.topic) ?? []).get(row.topic)!.push(row);
  await producer.sendBatch({
    acks: -1,
    topicMessages: [...byTopic].map(([topic, list]) => ({
      topic,
      messages: list.map((row) => ({
        key: row.key,
        value: row.value,
        headers: {
          'event-id': randomUUID(),
          'event-type': row.type,
          'event-version': '1',
          'transaction-id': row.transaction_id,
          'order-id': row.key,
          traceparent: `00-${randomUUID().replace(/-/g, '')}-${row.key.replace(/-/g, '').slice(0, 16)}-00`,
        },
      })),
    })),
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
