import { MessageEvent } from '@nestjs/common';
import { Admin, Kafka, logLevel, Producer } from 'kafkajs';
import { Subscription } from 'rxjs';
import { serializeEvent } from '@saga/events';
import { RunningBroker, startBroker } from '@saga/kafka-broker';
import { eventually } from '@saga/testing';
import { loadOrderConfig } from '../config/order.config';
import { orderStory } from '../testing/order-story';
import { silentLogger } from '../testing/order-test-context';
import { LiveViewService } from './live-view.service';
import { OrderSummary } from './projection/order-summary';

describe('LiveViewService on the embedded broker', () => {
  let broker: RunningBroker;
  let producer: Producer;
  let admin: Admin;
  const services: LiveViewService[] = [];
  const subscriptions: Subscription[] = [];

  const liveViewGroups = async () =>
    (await admin.listGroups()).groups.map((group) => group.groupId).filter((id) => id.startsWith('order-live-view-'));

  const liveView = (idleStopMs: number) => {
    const config = loadOrderConfig({
      DATABASE_URL: 'postgres://order:order@127.0.0.1:9/order',
      KAFKA_BROKERS: broker.address,
      LIVE_VIEW_IDLE_STOP_MS: String(idleStopMs),
    });
    const service = new LiveViewService(config, silentLogger);
    services.push(service);
    service.onApplicationBootstrap();
    return service;
  };

  /** Opens the event stream as a page does; resolves the orders it has shown so far on demand. */
  const openPage = (service: LiveViewService) => {
    const shown = new Set<string>();
    const subscription = service.stream().subscribe((message: MessageEvent) => {
      const data = message.data as { orders?: OrderSummary[] } | OrderSummary[];
      const orders = message.type === 'snapshot' ? (data as { orders: OrderSummary[] }).orders : message.type === 'orders' ? (data as OrderSummary[]) : [];
      orders.forEach((order) => shown.add(order.orderId));
    });
    subscriptions.push(subscription);
    return { shown, close: () => subscription.unsubscribe() };
  };

  beforeAll(async () => {
    broker = await startBroker({ port: 0, defaultPartitions: 3, log: () => undefined });
    const kafka = new Kafka({ clientId: 'live-view-service-spec', brokers: [broker.address], logLevel: logLevel.NOTHING });
    producer = kafka.producer();
    admin = kafka.admin();
    await Promise.all([producer.connect(), admin.connect()]);
  });

  afterEach(async () => {
    subscriptions.splice(0).forEach((subscription) => subscription.unsubscribe());
    await Promise.all(services.splice(0).map((service) => service.onModuleDestroy()));
  });

  afterAll(async () => {
    await Promise.all([producer?.disconnect(), admin?.disconnect()]);
    await broker?.stop();
  });

  it('reads nothing until a page opens, then replays what it missed and follows', async () => {
    const before = orderStory();
    await producer.send({ topic: 'order', messages: [{ key: before.orderId, value: serializeEvent(before.created()) }] });
    const service = liveView(60_000);
    expect(service.reading).toBe(false);
    expect(await liveViewGroups()).toEqual([]);

    const page = openPage(service);
    expect(service.reading).toBe(true);
    const after = orderStory();
    await producer.send({ topic: 'order', messages: [{ key: after.orderId, value: serializeEvent(after.created()) }] });

    await eventually(() => page.shown.has(before.orderId) && page.shown.has(after.orderId), 20_000);
    expect(await liveViewGroups()).toHaveLength(1);
  }, 30_000);

  it('stops reading once no page has been open for the idle time, and replays again at the next visit', async () => {
    const story = orderStory();
    await producer.send({ topic: 'order', messages: [{ key: story.orderId, value: serializeEvent(story.created()) }] });
    const service = liveView(300);
    const first = openPage(service);
    await eventually(() => first.shown.has(story.orderId), 20_000);

    first.close();
    await eventually(async () => !service.reading && (await liveViewGroups()).length === 0, 20_000);

    const second = openPage(service);
    await eventually(() => second.shown.has(story.orderId), 20_000);
  }, 60_000);

  it('keeps reading for as long as a page stays open, however long the idle time is exceeded', async () => {
    const service = liveView(100);
    openPage(service);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(service.reading).toBe(true);
  });

  it('starts a timeline read without a page, and stops again when no page follows', async () => {
    const service = liveView(300);
    expect(service.trailOf(orderStory().orderId)).toBeUndefined();
    expect(service.reading).toBe(true);
    await eventually(() => !service.reading, 10_000);
  });

  it('reads from the start and never stops with LIVE_VIEW_IDLE_STOP_MS=0', async () => {
    const service = liveView(0);
    expect(service.reading).toBe(true);
    const page = openPage(service);
    page.close();
    await eventually(async () => (await liveViewGroups()).length === 1, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(service.reading).toBe(true);
  }, 30_000);
});
