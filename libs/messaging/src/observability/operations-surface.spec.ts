import { Client } from 'pg';
import { Controller, INestApplication, Module } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { createEvent, SagaEvent, serializeEvent } from '@saga/events';
import { RunningBroker, startBroker } from '@saga/kafka-broker';
import { createTestDatabase, eventually, freePort, TestDatabase } from '@saga/testing';
import { commonEnvSchema, parseEnv } from '../config/common-env';
import { messagingOptionsFrom } from '../config/messaging-options';
import { KafkajsBus } from '../kafka/kafkajs-bus';
import { createMessagingTables, dropMessagingTables } from '../outbox/messaging-tables';
import { bootstrapSagaService } from '../nest/bootstrap';
import { MessagingModule } from '../nest/messaging.module';
import { TransactionRunner } from '../transaction-runner';

class MessagingTables1700000000000 implements MigrationInterface {
  up = (runner: QueryRunner) => createMessagingTables(runner);
  down = (runner: QueryRunner) => dropMessagingTables(runner);
}

@Controller()
class ProbeEventsController {
  constructor(private readonly transactions: TransactionRunner) {}

  @EventPattern('ORDER_CREATED')
  async onCreated(@Payload() event: SagaEvent): Promise<void> {
    await this.transactions.runOnce(event, async () => undefined);
  }

  @EventPattern('ORDER_CONFIRMED')
  async onConfirmed(): Promise<void> {
    throw new Error('ledger mismatch');
  }
}

const ids = { transactionId: '5e0c7a6b-2f1d-4c3b-9a8e-7d6c5b4a3f2e', orderId: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a' };

/** A service started the way every saga service starts, to check what operators see on it. */
describe('the operations surface of a saga service: /metrics and /docs', () => {
  let database: TestDatabase;
  let broker: RunningBroker;
  let app: INestApplication;
  let bus: KafkajsBus;
  let baseUrl: string;

  beforeAll(async () => {
    database = await createTestDatabase('operations');
    broker = await startBroker({ port: 0, defaultPartitions: 1, log: () => undefined });
    process.env.LOG_LEVEL = 'silent';
    const env = parseEnv('probe', commonEnvSchema, {
      PORT: String(await freePort()),
      DATABASE_URL: database.url,
      KAFKA_BROKERS: broker.address,
      CONSUMER_MAX_ATTEMPTS: '1',
      CONSUMER_LAG_SAMPLE_MS: '100',
      CONSUMER_LAG_WINDOW: '2',
      OUTBOX_POLL_MS: '50',
    });

    @Module({
      imports: [
        TypeOrmModule.forRoot({ type: 'postgres', url: database.url, migrations: [MessagingTables1700000000000], migrationsRun: true }),
        MessagingModule.forRootAsync({ useFactory: () => messagingOptionsFrom('probe', env) }),
      ],
      controllers: [ProbeEventsController],
    })
    class ProbeModule {}

    app = await bootstrapSagaService({ service: 'probe', module: ProbeModule, env, consumes: ['order'], description: 'A probe.' });
    baseUrl = `http://127.0.0.1:${env.PORT}`;
    bus = new KafkajsBus({ clientId: 'operations-spec', brokers: [broker.address] });
  });

  afterAll(async () => {
    await bus?.close();
    await app?.close();
    await broker?.stop();
    await database?.drop();
  });

  const metrics = async () => {
    const response = await fetch(`${baseUrl}/metrics`);
    return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
  };
  /** The value of one series, matched by name and a fragment of its labels. */
  const series = async (name: string, labels: string) => {
    const line = (await metrics()).text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels));
    return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
  };
  const publish = (value: string) => bus.publish([{ topic: 'order', key: ids.orderId, value }]);

  it('serves Prometheus text with Node process metrics, every series labelled with the service', async () => {
    const { status, type, text } = await metrics();
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/plain;.*version=0\.0\.4/);
    expect(text).toMatch(/^process_cpu_user_seconds_total\{service="probe"\} \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds\{service="probe"\} /m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes\{service="probe"\} /m);
  });

  it('counts a redelivered event the inbox skipped', async () => {
    const created = serializeEvent(createEvent('ORDER_CREATED', { ...ids, payload: { customerId: 'alice', items: [{ sku: 'MOUSE-01', quantity: 1 }] } }));
    await publish(created);
    await publish(created);
    await eventually(async () => (await series('inbox_duplicates_total', 'event_type="ORDER_CREATED"')) === 1, 20000);
  });

  it('counts dead letters by source topic and reason', async () => {
    await publish(serializeEvent(createEvent('ORDER_CONFIRMED', { ...ids, payload: { customerId: 'alice', totalCents: 100 } })));
    await publish('not json at all');
    await eventually(async () => (await series('dead_letters_total', 'topic="order",reason="HANDLER_FAILED"')) === 1, 20000);
    await eventually(async () => (await series('dead_letters_total', 'topic="order",reason="NOT_JSON"')) === 1, 20000);
  });

  it('shows the outbox backlog and the age of its oldest row while the relay cannot publish', async () => {
    // Holding the relay's advisory lock from another session keeps it from publishing, as a stuck relay would.
    const blocker = new Client({ connectionString: database.url });
    await blocker.connect();
    try {
      await blocker.query('SELECT pg_advisory_lock($1)', [0x5a6a]);
      for (const [i, age] of [90, 30].entries()) {
        await blocker.query(
          `INSERT INTO outbox_message (event_id, topic, message_key, event_type, value, created_at)
           VALUES (gen_random_uuid(), 'order.probe', 'k${i}', 'ORDER_CREATED', '{}', now() - make_interval(secs => $1))`,
          [age],
        );
      }
      const text = (await metrics()).text;
      expect(text).toMatch(/^outbox_backlog_rows\{service="probe"\} 2$/m);
      const age = Number(/^outbox_oldest_row_age_seconds\{service="probe"\} (\S+)$/m.exec(text)![1]);
      expect(age).toBeGreaterThanOrEqual(90);
      expect(age).toBeLessThan(120);
    } finally {
      await blocker.end();
    }
    await eventually(async () => /^outbox_backlog_rows\{service="probe"\} 0$/m.test((await metrics()).text), 20000);
    expect((await metrics()).text).toMatch(/^outbox_oldest_row_age_seconds\{service="probe"\} 0$/m);
  });

  it('publishes the consumer group lag and its status per partition', async () => {
    await eventually(async () => (await series('kafka_consumer_group_lag', 'group="probe-service",topic="order",partition="0"')) === 0, 20000);
    await eventually(async () => (await series('kafka_consumer_group_status', 'group="probe-service",status="OK"')) === 1, 20000);
    expect(await series('kafka_consumer_group_partition_status', 'topic="order",partition="0",status="ERROR"')).toBe(0);
  });

  it('serves Swagger UI at /docs and an OpenAPI document at /docs-json that documents the operations endpoints', async () => {
    const page = await fetch(`${baseUrl}/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger-ui');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the document is asserted field by field
    const document: any = await (await fetch(`${baseUrl}/docs-json`)).json();
    expect(document).toMatchObject({ openapi: expect.stringMatching(/^3\./), info: { title: 'probe service', description: 'A probe.' } });
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/health', '/health/live', '/metrics']));
    expect(Object.keys(document.paths['/health'].get.responses)).toEqual(expect.arrayContaining(['200', '503']));
    expect(document.paths['/metrics'].get.responses['200'].content).toHaveProperty(['text/plain']);
  });
});
