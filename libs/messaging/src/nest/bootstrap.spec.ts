import { randomUUID } from 'node:crypto';
import { Controller, INestApplication, Module } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MigrationInterface, QueryRunner } from 'typeorm';
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
import { bootstrapSagaService } from './bootstrap';
import { MessagingModule } from './messaging.module';

class MessagingTables1700000000000 implements MigrationInterface {
  up = (runner: QueryRunner) => createMessagingTables(runner);
  down = (runner: QueryRunner) => dropMessagingTables(runner);
}

const calls = { cancel: 0, confirmed: 0 };

@Controller()
class ProbeEventsController {
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
        TypeOrmModule.forRoot({ type: 'postgres', url: database.url, migrations: [MessagingTables1700000000000], migrationsRun: true }),
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
});
