import { SagaApi } from '../../e2e/src/support/saga-api';
import { BENCH_SKUS, MAX_LINES, MAX_QUANTITY } from './order-mix';

const RESTOCK_LIMIT = 1_000_000;
const DEPOSIT_LIMIT = 100_000_000;

/**
 * Tops up stock and balances through the public REST API before a run of `orders` orders, so the
 * run measures confirmed sagas rather than OUT_OF_STOCK or PAYMENT_DECLINED ones.
 */
export async function provisionFor(api: SagaApi, customers: readonly string[], orders: number): Promise<void> {
  // Every order could put its worst case on one sku, and on one customer twice its share: enough with margin.
  const unitsPerSku = orders * MAX_LINES * MAX_QUANTITY;
  const products = new Map((await api.products()).map((p) => [p.sku, p]));
  for (const sku of BENCH_SKUS) {
    let missing = unitsPerSku - products.get(sku)!.available;
    while (missing > 0) {
      const quantity = Math.min(missing, RESTOCK_LIMIT);
      await expectOk(api.restock(sku, quantity), `restock ${sku}`);
      missing -= quantity;
    }
  }

  const maxOrderCents = Math.max(...BENCH_SKUS.map((sku) => products.get(sku)!.priceCents)) * MAX_LINES * MAX_QUANTITY;
  const centsPerCustomer = Math.ceil((2 * orders) / customers.length + 10) * maxOrderCents;
  const balances = new Map((await api.accounts()).map((a) => [a.customerId, a.balanceCents]));
  await inParallel(customers, 16, async (customerId) => {
    const balance = balances.get(customerId) ?? 0;
    if (balance >= centsPerCustomer) return;
    // Topped up well past this run's need, so the runs that follow rarely have to stop for deposits.
    let missing = 4 * centsPerCustomer - balance;
    while (missing > 0) {
      const amount = Math.min(missing, DEPOSIT_LIMIT);
      await expectOk(api.deposit(customerId, amount), `deposit for ${customerId}`);
      missing -= amount;
    }
  });
}

/** Fails with what was asked and the answer when a REST call does not succeed. */
export async function expectOk(call: Promise<{ status: number; body: unknown }>, what: string): Promise<void> {
  const { status, body } = await call;
  if (status >= 300) throw new Error(`${what} answered ${status}: ${JSON.stringify(body)}`);
}

export async function inParallel<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
