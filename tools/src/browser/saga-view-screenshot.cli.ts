import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { fixKafkajsIdleLoop } from '@saga/messaging';
import { REPOSITORY_ROOT } from '../process/built-script';
import { startStack, Stack } from '../stack/start-stack';
import { announce, shout } from '../dev/console-output';
import { chromiumInstalled, CHROMIUM_PATH, launchChromium } from './headless-chromium';
import { LiveViewPage } from './live-view-page';

// Its producer would otherwise wake this process every millisecond (see the fix), and Node.js 24+ warns about it.
fixKafkajsIdleLoop();

// `npm run screenshot`: a throwaway stack, a few sagas of every kind (confirmed, out of stock, declined,
// cancelled mid-payment, a poison record), the live view photographed with a timeline open.
const OUTPUT = process.argv[2] ?? join(REPOSITORY_ROOT, 'docs', 'saga-view.png');
const QUIET = { LOG_LEVEL: 'warn', KAFKA_HEARTBEAT_INTERVAL_MS: '500', KAFKA_SESSION_TIMEOUT_MS: '6000', OUTBOX_POLL_MS: '200' };

async function placeOrder(orderUrl: string, customerId: string, items: { sku: string; quantity: number }[]): Promise<string> {
  const response = await fetch(`${orderUrl}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ customerId, items }),
  });
  if (response.status !== 202) throw new Error(`POST /orders answered ${response.status}`);
  return ((await response.json()) as { orderId: string }).orderId;
}

async function sendPoisonRecord(stack: Stack, orderId: string): Promise<void> {
  const producer = new Kafka({ clientId: 'saga-view-screenshot', brokers: [stack.kafkaBrokers], logLevel: logLevel.NOTHING }).producer();
  await producer.connect();
  try {
    await producer.send({ topic: 'payment', messages: [{ key: orderId, value: '{"not":"an event"}', headers: { 'order-id': orderId } }] });
  } finally {
    await producer.disconnect();
  }
}

async function photograph(stack: Stack): Promise<void> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const view = new LiveViewPage(page, stack.urls.order!);
    await view.open();
    const order = stack.urls.order!;
    const confirmed = await view.placeOrder('alice', [{ sku: 'KEYBOARD-01', quantity: 1 }, { sku: 'MOUSE-01', quantity: 2 }]);
    const outOfStock = await placeOrder(order, 'bob', [{ sku: 'WEBCAM-01', quantity: 5 }]);
    const declined = await placeOrder(order, 'erin', [{ sku: 'MONITOR-27', quantity: 1 }]);
    const cancelled = await placeOrder(order, 'dave', [{ sku: 'HEADSET-01', quantity: 2 }]);
    await view.waitForStatus(cancelled, 'RESERVED');
    await view.cancel(cancelled);
    const another = await placeOrder(order, 'carol', [{ sku: 'CABLE-USB-C', quantity: 3 }]);
    for (const id of [confirmed, another]) await view.waitForStatus(id, 'CONFIRMED');
    for (const id of [outOfStock, declined, cancelled]) await view.waitForStatus(id, 'CANCELLED');
    await sendPoisonRecord(stack, another);
    await view.row(another).locator('.tag.dead-letter').waitFor({ timeout: 30_000 });
    await view.openTimeline(cancelled);
    await view.waitForTimeline(['ORDER_CANCEL@order:cancel', 'INVENTORY_RELEASED@inventory:compensation']);
    await page.locator('#lag-body tr').first().waitFor();
    await page.mouse.move(0, 0);
    await mkdir(dirname(OUTPUT), { recursive: true });
    await page.screenshot({ path: OUTPUT, fullPage: true });
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  if (!chromiumInstalled()) throw new Error(`${CHROMIUM_PATH} is missing: apt-get install -y chromium`);
  announce('starting a throwaway stack (broker, three PostgreSQL servers, three services)');
  const stack = await startStack({ env: { order: QUIET, inventory: QUIET, payment: { ...QUIET, GATEWAY_LATENCY_MS: '2000' } } });
  try {
    announce(`placing orders and photographing ${stack.urls.order}/saga`);
    await photograph(stack);
    announce(`wrote ${OUTPUT}`);
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  shout(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
