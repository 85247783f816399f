import { eventually } from '@saga/testing';
import { startStack, Stack } from '../../tools/src/stack/start-stack';
import { ServiceName } from '../../tools/src/service-catalogue';
import { awaitFinal } from './support/ledger';
import { OtlpCollector } from './support/otlp-collector';
import { SagaApi } from './support/saga-api';
import { FAST_SAGA_ENV } from './support/saga-stack';

const SERVICES: ServiceName[] = ['order', 'inventory', 'payment'];
const OTLP_CONSUMER = 5;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- asserted field by field
type OpenApiDocument = any;

/** What an operator sees of the running saga: traces in a collector, JSON logs, /metrics and /docs on each service. */
describe('the operations surface of the running saga', () => {
  let collector: OtlpCollector;
  let stack: Stack;
  let api: SagaApi;
  const logLines: Array<{ source: string; line: Record<string, unknown> }> = [];

  beforeAll(async () => {
    collector = await OtlpCollector.start();
    const env: NodeJS.ProcessEnv = {
      ...FAST_SAGA_ENV,
      LOG_LEVEL: 'info',
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      CONSUMER_LAG_SAMPLE_MS: '200',
      CONSUMER_LAG_WINDOW: '3',
    };
    stack = await startStack({
      env: { order: env, inventory: env, payment: env },
      onOutput: (source, line) => {
        if (line.startsWith('{')) logLines.push({ source, line: JSON.parse(line) });
      },
    });
    const { order, inventory, payment } = stack.urls;
    api = new SagaApi({ order: order!, inventory: inventory!, payment: payment! });
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    await collector?.stop();
  }, 60_000);

  const url = (service: ServiceName, path: string) => `${stack.urls[service]}${path}`;
  const metrics = async (service: ServiceName) => (await fetch(url(service, '/metrics'))).text();
  /** The value of the first series of `name` whose labels contain every fragment. */
  const series = (text: string, name: string, ...labels: string[]) => {
    const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && labels.every((label) => l.includes(label)));
    return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
  };

  let confirmed: { orderId: string; transactionId: string; traceId: string };

  it("links one order's spans across the three services into one trace", async () => {
    const placed = await api.placeOrder('alice', [{ sku: 'MOUSE-01', quantity: 1 }]);
    const [order] = await awaitFinal(api, [placed.body.orderId]);
    expect(order.status).toBe('CONFIRMED');

    const trace = await eventually(() => {
      const root = collector.spans.find((s) => s.name === 'POST /orders' && s.service === 'order');
      if (!root) throw new Error('no POST /orders span collected yet');
      const spans = collector.spans.filter((s) => s.traceId === root.traceId);
      const consumers = spans.filter((s) => s.kind === OTLP_CONSUMER).map((s) => `${s.service}: ${s.name}`);
      const expected = ['inventory: process order', 'payment: process inventory', 'order: process payment'];
      if (!expected.every((c) => consumers.includes(c))) throw new Error(`consumer spans so far: ${consumers.join(', ')}`);
      return spans;
    }, 20000, 100);

    confirmed = { ...order, traceId: trace[0].traceId };
    expect(new Set(trace.map((s) => s.service))).toEqual(new Set(SERVICES));
    const inventoryConsumer = trace.find((s) => s.service === 'inventory' && s.name === 'process order')!;
    const orderCreated = trace.find((s) => s.spanId === inventoryConsumer.parentSpanId)!;
    expect(orderCreated).toMatchObject({ service: 'order', name: 'create order', attributes: { 'saga.event_type': 'ORDER_CREATED' } });
    expect(inventoryConsumer.attributes).toMatchObject({
      'saga.order_id': order.orderId,
      'saga.transaction_id': order.transactionId,
      'messaging.consumer.group.name': 'inventory-service',
    });
  });

  it("writes every service's saga step lines as JSON with the order's transactionId, orderId and traceId", async () => {
    const lines = await eventually(() => {
      const found = logLines.filter(({ line }) => line.orderId === confirmed.orderId);
      if (new Set(found.map((l) => l.source)).size < 3) throw new Error(`log lines so far: ${found.length}`);
      return found;
    });
    expect(new Set(lines.map((l) => l.source))).toEqual(new Set(SERVICES));
    for (const { line } of lines) {
      expect(line).toMatchObject({ transactionId: confirmed.transactionId, traceId: confirmed.traceId, msg: expect.any(String) });
    }
    expect(lines.map(({ source, line }) => `${source}: ${line.msg}`)).toEqual(
      expect.arrayContaining(['order: order placed', 'inventory: stock reserved', 'order: order saga step']),
    );
  });

  it('counts the saga outcomes, by cancel reason, on the order service', async () => {
    const rejected = await api.placeOrder('bob', [{ sku: 'WEBCAM-01', quantity: 1000 }]);
    await awaitFinal(api, [rejected.body.orderId]);
    await eventually(async () => {
      const text = await metrics('order');
      expect(series(text, 'saga_cancelled_total', 'reason="OUT_OF_STOCK"')).toBe(1);
      expect(text).toMatch(/^saga_started_total\{service="order"\} 2$/m);
      expect(text).toMatch(/^saga_confirmed_total\{service="order"\} 1$/m);
      expect(series(text, 'saga_duration_seconds_count', 'outcome="CONFIRMED"')).toBe(1);
      expect(series(text, 'saga_duration_seconds_count', 'outcome="CANCELLED"')).toBe(1);
      return true;
    });
  });

  it.each(SERVICES)('exposes outbox, consumer lag with its status and process metrics on %s', async (service) => {
    await eventually(async () => {
      const text = await metrics(service);
      expect(text).toMatch(new RegExp(`^outbox_backlog_rows\\{service="${service}"\\} 0$`, 'm'));
      expect(text).toMatch(/^outbox_oldest_row_age_seconds\{service="\w+"\} 0$/m);
      expect(series(text, 'kafka_consumer_group_lag', `group="${service}-service"`)).toBe(0);
      expect(series(text, 'kafka_consumer_group_status', `group="${service}-service"`, 'status="OK"')).toBe(1);
      expect(text).toMatch(/^process_resident_memory_bytes\{service="\w+"\} \d+/m);
      expect(text).toMatch(/^inbox_duplicates_total|^# TYPE inbox_duplicates_total counter/m);
      expect(text).toMatch(/^# TYPE dead_letters_total counter/m);
      return true;
    }, 20000, 200);
  });

  it.each([
    ['order', ['/orders', '/orders/{id}', '/orders/{id}/cancel']],
    ['inventory', ['/products', '/products/{sku}', '/products/{sku}/restock']],
    ['payment', ['/accounts', '/accounts/{customerId}', '/accounts/{customerId}/deposit', '/payments']],
  ] as const)('documents the %s API with OpenAPI at /docs-json and Swagger UI at /docs', async (service, paths) => {
    const document: OpenApiDocument = await (await fetch(url(service, '/docs-json'))).json();
    expect(document.info.title).toBe(`${service} service`);
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining([...paths, '/health', '/health/live', '/metrics']));
    expect(document.components.schemas).toHaveProperty('HttpErrorResponse');
    const page = await fetch(url(service, '/docs'));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger-ui');
  });

  it('documents request bodies, response shapes and error codes of POST /orders', async () => {
    const document: OpenApiDocument = await (await fetch(url('order', '/docs-json'))).json();
    const place = document.paths['/orders'].post;
    expect(place.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/PlaceOrderDto' });
    expect(Object.keys(place.responses).sort()).toEqual(['202', '400', '413', '422']);
    expect(place.parameters).toEqual([expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false })]);
    expect(document.components.schemas.OrderResponse.properties.status.enum).toEqual(['PENDING', 'RESERVED', 'CONFIRMED', 'CANCELLED']);
  });
});
