import { Locator, Page } from 'playwright-core';

export interface OrderLine {
  sku: string;
  quantity: number;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/**
 * The live saga view as a person uses it, found by roles and labels (so a control without an
 * accessible name is a failure here, not just an audit finding). Shared by the browser test and
 * `npm run screenshot`.
 */
export class LiveViewPage {
  constructor(
    readonly page: Page,
    private readonly orderServiceUrl: string,
  ) {}

  /** Opens /saga and waits until the event stream is connected. */
  async open(): Promise<void> {
    await this.page.goto(`${this.orderServiceUrl}/saga`);
    await this.page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
  }

  /** Fills the form and submits it; returns the id of the order the service accepted. */
  async placeOrder(customerId: string, lines: OrderLine[]): Promise<string> {
    const form = this.page.getByRole('region', { name: 'Place an order' });
    await form.getByLabel('Customer').fill(customerId);
    for (const remove of await form.getByRole('button', { name: /^Remove line/ }).all()) await remove.click();
    for (const line of lines) {
      await form.getByRole('button', { name: 'Add line' }).click();
      await form.getByLabel('Product (SKU)').last().fill(line.sku);
      await form.getByLabel('Quantity').last().fill(String(line.quantity));
    }
    const result = this.page.locator('#action-result');
    await result.evaluate((node) => (node.textContent = ''));
    await form.getByRole('button', { name: 'Place order' }).click();
    await result.filter({ hasText: /placed|Not placed/ }).waitFor();
    const text = (await result.textContent()) ?? '';
    const orderId = UUID.exec(text)?.[0];
    if (!text.includes('placed (') || !orderId) throw new Error(`the form did not place the order: ${text}`);
    return orderId;
  }

  /** The order's row in the live list. */
  row(orderId: string): Locator {
    return this.page.locator(`#orders-body tr[data-order-id="${orderId}"]`);
  }

  async waitForStatus(orderId: string, status: string, timeoutMs = 30_000): Promise<void> {
    await this.row(orderId).locator('.badge.status', { hasText: status }).waitFor({ timeout: timeoutMs });
  }

  /** Cancels with the row's own Cancel button; returns the message the page announced. */
  async cancel(orderId: string): Promise<string> {
    const result = this.page.locator('#action-result');
    // The placing message names the order too; only the cancel's own outcome may end the wait.
    await result.evaluate((node) => (node.textContent = ''));
    await this.row(orderId).getByRole('button', { name: `Cancel order ${orderId.slice(0, 8)}` }).click();
    await result.filter({ hasText: new RegExp(`${orderId} (cancelled|not cancelled)`) }).waitFor();
    return (await result.textContent()) ?? '';
  }

  async openTimeline(orderId: string): Promise<void> {
    await this.row(orderId).getByRole('button', { name: `Timeline of order ${orderId.slice(0, 8)}` }).click();
    await this.page.locator('#timeline-summary', { hasText: orderId }).waitFor();
  }

  /** The open timeline's steps as `type@service[:kind]`, in the order shown. */
  async timeline(): Promise<string[]> {
    return this.page.locator('#timeline-steps > li').evaluateAll((items) =>
      items.map((item) => {
        const kind = item.getAttribute('data-kind');
        const service = item.querySelector('.service')?.textContent;
        return `${item.getAttribute('data-type')}@${service}${kind === 'step' ? '' : `:${kind}`}`;
      }),
    );
  }

  /** Waits until the open timeline shows every one of these `type@service[:kind]` entries. */
  async waitForTimeline(expected: string[], timeoutMs = 30_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const steps = await this.timeline();
      if (expected.every((step) => steps.includes(step))) return steps;
      if (Date.now() > deadline) throw new Error(`timeline shows ${steps.join(', ')}; expected ${expected.join(', ')}`);
      await this.page.waitForTimeout(200);
    }
  }

  /** A numeric cell of the stock table, e.g. stockOf('MOUSE-01', 'sold'). */
  async stockOf(sku: string, column: 'available' | 'reserved' | 'sold'): Promise<number> {
    return Number(await this.page.locator(`#stock-body tr[data-sku="${sku}"] .${column}`).textContent());
  }

  async balanceOf(customerId: string): Promise<string> {
    return (await this.page.locator(`#balances-body tr[data-customer="${customerId}"] .balance`).textContent()) ?? '';
  }
}
