import { Controller, Get, HttpCode, INestApplication, Module, Post } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import pino from 'pino';
import { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { createEvent, SagaEvent } from '@saga/events';
import { RunningBroker, startBroker } from '@saga/kafka-broker';
import { createTestDatabase, eventually, TestDatabase } from '@saga/testing';
import { SagaKafkaTransport } from '../../consumer/saga-kafka.transport';
import { KafkajsBus } from '../../kafka/kafkajs-bus';
import { ConsumedRecord } from '../../kafka/message-bus.port';
import { createMessagingTables, dropMessagingTables } from '../../outbox/messaging-tables';
import { OutboxRelay } from '../../outbox/outbox.relay';
import { TransactionRunner } from '../../transaction-runner';
import { createSagaHttpApp } from '../../nest/http-app';
import { startTracing, Tracing } from './tracing';

class MessagingTables1700000000000 implements MigrationInterface {
  up = (runner: QueryRunner) => createMessagingTables(runner);
  down = (runner: QueryRunner) => dropMessagingTables(runner);
}

const silent = pino({ level: 'silent' });
const ids = { transactionId: '0f8e3c9a-1b2d-4e5f-8a7b-6c5d4e3f2a1b', orderId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d' };

/**
 * Places an "order" over HTTP, publishes it through the outbox and the embedded broker, consumes it with
 * the saga transport and reacts with another event: every span must belong to the HTTP request's trace.
 */
describe('trace context propagation from HTTP through the outbox and Kafka to the consumer', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let database: TestDatabase;
  let dataSource: DataSource;
  let broker: RunningBroker;
  let bus: KafkajsBus;
  let relay: OutboxRelay;
  let runner: TransactionRunner;
  let transport: SagaKafkaTransport;
  let app: INestApplication;
  let baseUrl: string;
  const consumed: ConsumedRecord[] = [];

  beforeAll(async () => {
    tracing = startTracing({ service: 'probe', spanProcessors: [new SimpleSpanProcessor({ exporter })] });
    database = await createTestDatabase('tracing');
    dataSource = new DataSource({ type: 'postgres', url: database.url, migrations: [MessagingTables1700000000000] });
    await dataSource.initialize();
    await dataSource.runMigrations();
    broker = await startBroker({ port: 0, defaultPartitions: 1, log: () => undefined });
    bus = new KafkajsBus({ clientId: 'tracing-spec', brokers: [broker.address], maxWaitTimeInMs: 100 });
    relay = new OutboxRelay(dataSource, bus, silent, { batchSize: 10, pollIntervalMs: 50, lockKey: 7 });
    runner = new TransactionRunner(dataSource, relay, { consumer: 'probe' });
    relay.start();

    transport = new SagaKafkaTransport({
      bus,
      groupId: 'probe-service',
      topics: ['order'],
      logger: silent,
      retry: { maxAttempts: 1, initialDelayMs: 1, maxDelayMs: 1 },
    });
    // The reaction: like inventory answering ORDER_CREATED with INVENTORY_RESERVED, in its own transaction.
    transport.addHandler(
      'ORDER_CREATED',
      async (event: SagaEvent, context: { getRecord(): ConsumedRecord }) => {
        consumed.push(context.getRecord());
        await runner.runOnce(event, async (_manager, emit) =>
          emit(createEvent('INVENTORY_RESERVED', { ...ids, payload: { customerId: 'alice', items: [{ sku: 'KEYBOARD-01', quantity: 1, unitPriceCents: 8900 }], totalCents: 8900 } })),
        );
      },
      true,
    );
    await new Promise<void>((resolve, reject) => transport.listen((error?: unknown) => (error ? reject(error) : resolve())));

    @Controller()
    class ProbeController {
      @Post('orders')
      @HttpCode(202)
      async place() {
        await runner.run(async (_manager, emit) => emit(createEvent('ORDER_CREATED', { ...ids, payload: { customerId: 'alice', items: [{ sku: 'KEYBOARD-01', quantity: 1 }] } })));
        return { orderId: ids.orderId };
      }

      @Get('health')
      health() {
        return { status: 'ok' };
      }
    }
    @Module({ controllers: [ProbeController] })
    class ProbeModule {}
    // The services' HTTP setup, request tracing included.
    app = await createSagaHttpApp(ProbeModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
    await transport?.close();
    await relay?.stop();
    await bus?.close();
    await broker?.stop();
    await dataSource?.destroy();
    await database?.drop();
    await tracing?.shutdown();
  });

  const spans = () => exporter.getFinishedSpans();
  const named = (name: string, kind: SpanKind) => spans().filter((s) => s.name === name && s.kind === kind);
  const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

  it('links the HTTP request, the producer span, the consumer span and the reaction in one trace', async () => {
    const response = await fetch(`${baseUrl}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(202);

    // The consumer span ends last: once the reaction's transaction committed.
    const [consumer] = await eventually(() => {
      const found = named('process order', SpanKind.CONSUMER);
      if (found.length !== 1) throw new Error(`${found.length} consumer spans`);
      return found;
    }, 20000);
    const [server] = named('POST /orders', SpanKind.SERVER);
    const [producer] = named('create order', SpanKind.PRODUCER);
    const [reactionProducer] = named('create inventory', SpanKind.PRODUCER);

    expect(server.attributes).toMatchObject({ 'http.route': '/orders', 'http.response.status_code': 202 });
    const traceId = server.spanContext().traceId;
    expect([producer, consumer, reactionProducer].map((s) => s.spanContext().traceId)).toEqual([traceId, traceId, traceId]);
    expect(parentOf(producer)).toBe(server.spanContext().spanId);
    expect(parentOf(consumer)).toBe(producer.spanContext().spanId);
    expect(parentOf(reactionProducer)).toBe(consumer.spanContext().spanId);
    expect(consumer.attributes).toMatchObject({
      'messaging.destination.name': 'order',
      'messaging.consumer.group.name': 'probe-service',
      'saga.event_type': 'ORDER_CREATED',
      'saga.order_id': ids.orderId,
      'saga.transaction_id': ids.transactionId,
    });
    // The context travelled in the record itself, written to the outbox row at append time.
    expect(consumed[0].headers.traceparent).toBe(`00-${traceId}-${producer.spanContext().spanId}-01`);
  });

  it('continues the trace of a caller that sent a traceparent', async () => {
    const callerTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
    exporter.reset();
    await fetch(`${baseUrl}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: `00-${callerTrace}-00f067aa0ba902b7-01` },
      body: '{}',
    });
    const [server] = await eventually(() => {
      const found = named('POST /orders', SpanKind.SERVER);
      if (found.length !== 1) throw new Error(`${found.length} server spans`);
      return found;
    });
    expect(server.spanContext().traceId).toBe(callerTrace);
    expect(parentOf(server)).toBe('00f067aa0ba902b7');
  });

  it('makes no span for health probes', async () => {
    exporter.reset();
    expect((await fetch(`${baseUrl}/health`)).status).toBe(200);
    await fetch(`${baseUrl}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    await eventually(() => named('POST /orders', SpanKind.SERVER).length === 1);
    expect(spans().filter((s) => s.kind === SpanKind.SERVER).map((s) => s.name)).toEqual(['POST /orders']);
  });
});
