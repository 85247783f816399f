import 'reflect-metadata';
import { Controller, INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientKafka, Ctx, EventPattern, KafkaContext, MicroserviceOptions, Payload, Transport } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { startTestBroker, TestBroker, uniqueName, waitFor } from '../testing';
import { testKafka } from './kafkajs-helpers';

// Decorators need the topic when the class is declared, so it is fixed per test run here.
const TOPIC = uniqueName('nest-order-events');
const NOTHING = 0; // kafkajs logLevel.NOTHING; the broker's expected errors would otherwise flood the output

interface SeenEvent {
  payload: unknown;
  key: string | undefined;
}
const seen: SeenEvent[] = [];

@Controller()
class OrderEventsController {
  @EventPattern(TOPIC)
  onOrderEvent(@Payload() payload: unknown, @Ctx() context: KafkaContext): void {
    seen.push({ payload, key: context.getMessage().key?.toString() });
  }
}

@Module({ controllers: [OrderEventsController] })
class OrderEventsModule {}

describe('@nestjs/microservices 11 Kafka transport against the embedded broker', () => {
  let broker: TestBroker;
  let server: INestMicroservice | undefined;
  let client: ClientKafka | undefined;

  beforeAll(async () => {
    broker = await startTestBroker({ defaultPartitions: 2 });
    // The topic exists before the server subscribes, so its group has partitions to be assigned.
    const admin = testKafka(broker.address, 'nest-setup').admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 2 }] });
    await admin.disconnect();

    server = await NestFactory.createMicroservice<MicroserviceOptions>(OrderEventsModule, {
      logger: false,
      transport: Transport.KAFKA,
      options: {
        client: { brokers: [broker.address], clientId: 'nest-compat', logLevel: NOTHING },
        consumer: { groupId: uniqueName('nest-compat'), maxWaitTimeInMs: 100, heartbeatInterval: 100 },
        subscribe: { fromBeginning: true },
      },
    });
    await server.listen();
    client = new ClientKafka({
      client: { brokers: [broker.address], clientId: 'nest-compat-emitter', logLevel: NOTHING },
      producerOnlyMode: true,
    });
    await client.connect();
  });

  afterAll(async () => {
    await client?.close();
    await server?.close();
    await broker?.stop();
  });

  it('delivers events emitted by a ClientKafka to the @EventPattern handler with their keys', async () => {
    const orders = ['order-1', 'order-2', 'order-3', 'order-4'];
    for (const orderId of orders) {
      await lastValueFrom(client!.emit(TOPIC, { key: orderId, value: { orderId, type: 'ORDER_CREATED' } }));
    }

    await waitFor(() => seen.length >= orders.length, { what: 'the handler to see every event', timeoutMs: 20_000 });
    expect(seen.map((event) => event.key).sort()).toEqual(orders);
    for (const event of seen) {
      expect(event.payload).toEqual({ orderId: event.key, type: 'ORDER_CREATED' });
    }
  });
});
