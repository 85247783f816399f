import { randomUUID } from 'node:crypto';
import { Browser } from 'playwright-core';
import { eventually } from '@saga/testing';
import { Stack } from '../../tools/src/stack/start-stack';
import { launchChromium } from '../../tools/src/browser/headless-chromium';
import { LiveViewPage } from '../../tools/src/browser/live-view-page';
import { describeInBrowser } from './support/browser';
import { KafkaInspector } from './support/kafka-inspector';
import { SagaApi } from './support/saga-api';
import { startSagaStack } from './support/saga-stack';

// Slow enough payments that an order can be cancelled by hand while it waits for its charge.
const GATEWAY_LATENCY_MS = 8000;

describeInBrowser()('the live saga view in a real browser (headless chromium against the real stack)', () => {
  let stack: Stack;
  let api: SagaApi;
  let browser: Browser;
  let view: LiveViewPage;

  beforeAll(async () => {
    ({ stack, api } = await startSagaStack({ payment: { GATEWAY_LATENCY_MS: String(GATEWAY_LATENCY_MS) } }));
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    view = new LiveViewPage(page, stack.urls.order!);
    await view.open();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  }, 60_000);

  it('places an order through the form, shows it CONFIRMED without a reload, and opens its timeline across the services', async () => {
    const soldBefore = (await api.products()).find((p) => p.sku === 'MOUSE-01')!.sold;

    const orderId = await view.placeOrder('carol', [{ sku: 'MOUSE-01', quantity: 2 }]);
    await view.waitForStatus(orderId, 'CONFIRMED');
    await view.openTimeline(orderId);

    const steps = await view.waitForTimeline([
      'ORDER_CREATED@order',
      'INVENTORY_RESERVED@inventory',
      'PAYMENT_COMPLETED@payment',
      'ORDER_CONFIRMED@order',
    ]);
    expect(steps).toEqual(['ORDER_CREATED@order', 'INVENTORY_RESERVED@inventory', 'PAYMENT_COMPLETED@payment', 'ORDER_CONFIRMED@order']);
    await expect(view.row(orderId).locator('td').nth(4).textContent()).resolves.toBe('50.00');
    // Stock comes from the inventory service through the order service's proxy, refreshed by the saga's events.
    await waitUntil(async () => (await view.stockOf('MOUSE-01', 'sold')) === soldBefore + 2, 'MOUSE-01 sold +2 in the stock panel');
  });

  it('cancels an order waiting for payment and shows the compensation on the page', async () => {
    const orderId = await view.placeOrder('dave', [{ sku: 'KEYBOARD-01', quantity: 1 }]);
    await view.waitForStatus(orderId, 'RESERVED', GATEWAY_LATENCY_MS);

    expect(await view.cancel(orderId)).toBe(`Order ${orderId} cancelled; compensation follows.`);
    await view.waitForStatus(orderId, 'CANCELLED');
    await expect(view.row(orderId).locator('.reason').textContent()).resolves.toBe('CUSTOMER_CANCELLED');
    await view.row(orderId).locator('.tag.compensation', { hasText: 'stock released' }).waitFor({ timeout: 30_000 });

    await view.openTimeline(orderId);
    const steps = await view.waitForTimeline(['ORDER_CREATED@order', 'ORDER_CANCEL@order:cancel', 'INVENTORY_RELEASED@inventory:compensation']);
    expect(steps.indexOf('ORDER_CANCEL@order:cancel')).toBeLessThan(steps.indexOf('INVENTORY_RELEASED@inventory:compensation'));
    // The charge was under way when the cancel came: payment ends VOIDED (never charged) or REFUNDED, and a refund is on the page.
    const payment = await eventually(async () => (await api.payments(orderId)).find((p) => p.status === 'VOIDED' || p.status === 'REFUNDED'), 30_000);
    if (payment!.status === 'REFUNDED') await view.waitForTimeline(['PAYMENT_REFUNDED@payment:compensation']);
  });

  it('shows a poison record as a dead-letter hit on its order\'s timeline', async () => {
    const orderId = await view.placeOrder('alice', [{ sku: 'CABLE-USB-C', quantity: 1 }]);
    await view.waitForStatus(orderId, 'CONFIRMED');
    const kafka = await KafkaInspector.connect(stack.kafkaBrokers);
    try {
      await kafka.write({ topic: 'payment', key: orderId, value: 'not an event', headers: { 'order-id': orderId, 'event-id': randomUUID() } });
    } finally {
      await kafka.close();
    }

    await view.row(orderId).locator('.tag.dead-letter').waitFor({ timeout: 30_000 });
    await view.openTimeline(orderId);
    const steps = await view.waitForTimeline(['record → payment.DLT@order:dead-letter']);
    expect(steps.at(-1)).toBe('record → payment.DLT@order:dead-letter');
    await view.page.locator('#dlt-list li', { hasText: 'NOT_JSON' }).first().waitFor();
  });

  it('counts the outcomes per minute and shows every consumer group caught up, this view included', async () => {
    // Summed over the minute rows: the orders of the tests above may straddle a minute boundary.
    const total = async (key: string) =>
      (await view.page.locator(`#minutes-body [data-key="${key}"]`).allTextContents()).reduce((sum, text) => sum + Number(text), 0);
    await waitUntil(async () => (await total('placed')) >= 3, 'three orders placed in the last minutes');
    expect(await total('confirmed')).toBeGreaterThanOrEqual(1);

    await waitUntil(async () => {
      const rows = await view.page.locator('#lag-body tr').evaluateAll((trs) =>
        trs.map((tr) => ({ group: tr.getAttribute('data-group')!, lag: Number(tr.lastElementChild!.textContent) })),
      );
      const groups = new Set(rows.map((row) => row.group));
      const own = rows.filter((row) => row.group.startsWith('order-live-view-'));
      return ['inventory-service', 'payment-service', 'order-service'].every((g) => groups.has(g)) && own.length > 0 && rows.every((row) => row.lag === 0);
    }, 'every group at lag 0 in the lag panel');
  });
});

async function waitUntil(probe: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
