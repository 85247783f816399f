import { randomUUID } from 'node:crypto';
import { Controller, INestApplication, Module } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { createEvent, SagaEvent, serializeEvent } from '@saga/events';
import { RunningBroker, startBroker } from '@saga/kafka-broker';
import { createTestDatabase, eventually, freePort, TestDatabase } from '@saga/testing';
import { commonEnvSchema, parseEnv } from '../config/common-env';
import { messagingOptionsFrom } from '../config/messaging-options';
import { DeadLetterHeader } from '../consumer/dead-letter';
import { TransientError } from '../consumer/transient-error';
import { ConsumedRecord, ConsumerHandle } from '../kafka/message-bus.port';
import { KafkajsBus } from '../kafka/kafkajs-bus';
import { createMessagingTables, dropMessagingTables } from '../outbox/messaging-tables';
import { TransactionRunner } from '../transaction-runner';
import { bootstrapSagaService } from './bootstrap';
import { MessagingModule } from './messaging.module';

class MessagingTables1700000000000 implements MigrationInterface {
  up = (runner: QueryRunner) => createMessagingTables(runner);
  down = (runner: QueryRunner) => dropMessagingTables(runner);
}

class AppliedTable1700000000001 implements MigrationInterface {
  up = async (runner: QueryRunner) => {
    await runner.query('CREATE TABLE applied (customer_id text NOT NULL, tx bigint NOT NULL DEFAULT txid_current())');
  };
  down = async (runner: QueryRunner) => {
    await runner.query('DROP TABLE applied');
  };
}

const calls = { cancel: 0, confirmed: 0 };

@Controller()
class ProbeEventsController {
  constructor(private readonly transactions: TransactionRunner) {}

  /** Records which transaction applied each order; the customer 'poison' always fails. */
  @EventPattern('ORDER_CREATED')
  async onCreated(event: SagaEvent<'ORDER_CREATED'>): Promise<void> {
    await this.transactions.runOnce(event, async (manager) => {
      await manager.query('INSERT INTO applied (customer_id) VALUES ($1)', [event.payload.customerId]);
      if (event.payload.customerId === 'poison') throw new Error('cannot apply this order');
    });
  }

  /** Fails transiently more times than CONSUMER_MAX_ATTEMPTS allows for other errors, then succeeds. */
  @EventPattern('ORDER_CANCEL')
  async onCancel(): Promise<void> {
    if (++calls.cancel < 5) throw new TransientError('database briefly unreachable');
  }

  @EventPattern('ORDER_CONFIRMED')
  async onConfirmed(): Promise<void> {
    calls.confirmed++;
    throw new Error('ledger mismatch for this order');
  }
}

describe('bootstrapSagaService error handling', () => {
  let database: TestDatabase;
  let broker: RunningBroker;
  let app: INestApplication;
  let bus: KafkajsBus;
  let deadLetters: ConsumerHandle;
  const deadLettered: ConsumedRecord[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('bootstrap');
    broker = await startBroker({ port: 0, defaultPartitions: 1, log: () => undefined });
    process.env.LOG_LEVEL = 'silent';
    const env = parseEnv('probe', commonEnvSchema, {
      PORT: String(await freePort()),
      DATABASE_URL: database.url,
      KAFKA_BROKERS: broker.address,
      CONSUMER_MAX_ATTEMPTS: '2',
      CONSUMER_RETRY_INITIAL_MS: '1',
      CONSUMER_RETRY_MAX_MS: '20',
    });

    @Module({
      imports: [
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: database.url,
          migrations: [MessagingTables1700000000000, AppliedTable1700000000001],
          migrationsRun: true,
        }),
        MessagingModule.forRootAsync({ useFactory: () => messagingOptionsFrom('probe', env) }),
      ],
      controllers: [ProbeEventsController],
    })
    class ProbeModule {}

    app = await bootstrapSagaService({ service: 'probe', module: ProbeModule, env, consumes: ['order'] });
    bus = new KafkajsBus({ clientId: 'bootstrap-spec', brokers: [broker.address] });
    deadLetters = await bus.consume({ groupId: 'dlt-reader', topics: ['order.DLT'] }, async (batch, controls) => {
      deadLettered.push(...batch.records);
      batch.records.forEach((record) => controls.markProcessed(record));
    });
  });

  afterAll(async () => {
    await deadLetters?.stop();
    await bus?.close();
    await app?.close();
    await broker?.stop();
    await database?.drop();
  });

  const publish = (event: SagaEvent) =>
    bus.publish([{ topic: 'order', key: event.orderId, value: serializeEvent(event) }]);
  const ids = () => ({ transactionId: randomUUID(), orderId: randomUUID() });

  it('keeps retrying a TransientError past CONSUMER_MAX_ATTEMPTS until the handler succeeds', async () => {
    await publish(createEvent('ORDER_CANCEL', { ...ids(), payload: { reason: 'TIMEOUT' } }));
    await eventually(() => calls.cancel === 5, 20000);
  });

  it('dead-letters any other error after CONSUMER_MAX_ATTEMPTS with the original message', async () => {
    const event = createEvent('ORDER_CONFIRMED', { ...ids(), payload: { customerId: 'alice', totalCents: 100 } });
    await publish(event);
    const deadLetter = await eventually(() => {
      const found = deadLettered.find((r) => r.key === event.orderId);
      if (!found) throw new Error('not dead-lettered yet');
      return found;
    }, 20000);
    expect(calls.confirmed).toBe(2);
    expect(deadLetter.headers).toMatchObject({
      [DeadLetterHeader.reason]: 'HANDLER_FAILED',
      [DeadLetterHeader.error]: 'ledger mismatch for this order',
      [DeadLetterHeader.attempts]: '2',
    });
  });

  describe('a fetched batch', () => {
    const created = (customerId: string) =>
      createEvent('ORDER_CREATED', { ...ids(), payload: { customerId, items: [{ sku: 'MOUSE-01', quantity: 1 }] } });
    const publishAll = (events: SagaEvent[]) =>
      bus.publish(events.map((event) => ({ topic: 'order', key: event.orderId, value: serializeEvent(event) })));
    const appliedRows = async (prefix: string): Promise<{ customer_id: string; tx: string }[]> =>
      app.get(DataSource).query('SELECT customer_id, tx FROM applied WHERE customer_id LIKE $1', [`${prefix}%`]);

    it('is applied in one local transaction', async () => {
      await publishAll([created('batch-a'), created('batch-b'), created('batch-c')]);
      const rows = await eventually(async () => {
        const found = await appliedRows('batch-');
        return found.length === 3 ? found : Promise.reject(new Error(`${found.length} applied`));
      }, 20000);
      expect(new Set(rows.map((row) => row.tx)).size).toBe(1);
    });

    it('falls back to one transaction per record when a record fails: the others apply once, the bad one is dead-lettered', async () => {
      const poison = created('poison');
      await publishAll([created('mixed-a'), poison, created('mixed-b')]);
      await eventually(() => deadLettered.some((record) => record.key === poison.orderId), 20000);
      const rows = await eventually(async () => {
        const found = await appliedRows('mixed-');
        return found.length === 2 ? found : Promise.reject(new Error(`${found.length} applied`));
      }, 20000);
      expect(rows.map((row) => row.customer_id).sort()).toEqual(['mixed-a', 'mixed-b']);
      expect(await appliedRows('poison')).toEqual([]);
    });
  });
});
