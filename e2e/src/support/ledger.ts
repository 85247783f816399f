import { AccountView, FINAL_STATUSES, OrderView, ProductView, SagaApi } from './saga-api';
import { eventually } from '@saga/testing';

export interface Snapshot {
  products: Map<string, ProductView>;
  balances: Map<string, number>;
}

export async function snapshot(api: SagaApi): Promise<Snapshot> {
  const [products, accounts] = await Promise.all([api.products(), api.accounts()]);
  return {
    products: new Map(products.map((p) => [p.sku, p])),
    balances: new Map(accounts.map((a: AccountView) => [a.customerId, a.balanceCents])),
  };
}

/** Waits until every order is CONFIRMED or CANCELLED and returns their final views. */
export async function awaitFinal(api: SagaApi, orderIds: string[], timeoutMs = 30000): Promise<OrderView[]> {
  return eventually(async () => {
    const orders = await Promise.all(orderIds.map((id) => api.order(id)));
    const pending = orders.filter((o) => !FINAL_STATUSES.includes(o.status));
    if (pending.length > 0) throw new Error(`${pending.length} orders not final, e.g. ${pending[0].orderId} ${pending[0].status}`);
    return orders;
  }, timeoutMs, 200);
}

export interface Adjustments {
  restocked?: Record<string, number>;
  deposited?: Record<string, number>;
}

/**
 * The saga's invariants between two snapshots, given the orders placed in between (all final):
 * stock conserved and nothing left reserved, sold == confirmed quantities, each balance moved by
 * exactly its confirmed orders' totals, confirmed orders charged once, cancelled ones not charged.
 * Returns the violations (empty when the saga held).
 */
export async function invariantViolations(
  api: SagaApi,
  before: Snapshot,
  orders: OrderView[],
  adjustments: Adjustments = {},
): Promise<string[]> {
  const after = await snapshot(api);
  return [...ledgerViolations(before, after, orders, adjustments), ...(await chargeViolations(api, orders))];
}

/**
 * The stock and money half of the invariants, from two snapshots alone (no call per order), so a
 * run of tens of thousands of orders (the benchmark) can check every one of them.
 */
export function ledgerViolations(before: Snapshot, after: Snapshot, orders: OrderView[], adjustments: Adjustments = {}): string[] {
  const violations: string[] = [];
  for (const order of orders) {
    if (!FINAL_STATUSES.includes(order.status)) violations.push(`order ${order.orderId} is ${order.status}, not final`);
  }
  const confirmed = orders.filter((o) => o.status === 'CONFIRMED');
  const soldBySku = new Map<string, number>();
  const spentByCustomer = new Map<string, number>();
  for (const order of confirmed) {
    for (const item of order.items) soldBySku.set(item.sku, (soldBySku.get(item.sku) ?? 0) + item.quantity);
    spentByCustomer.set(order.customerId, (spentByCustomer.get(order.customerId) ?? 0) + (order.totalCents ?? 0));
  }

  for (const [sku, was] of before.products) {
    const now = after.products.get(sku);
    if (!now) {
      violations.push(`product ${sku} disappeared`);
      continue;
    }
    const restocked = adjustments.restocked?.[sku] ?? 0;
    const total = (p: ProductView) => p.available + p.reserved + p.sold;
    if (total(now) !== total(was) + restocked) violations.push(`stock of ${sku} not conserved: ${total(was)} + ${restocked} -> ${total(now)}`);
    if (now.reserved !== was.reserved) violations.push(`${sku} still has ${now.reserved - was.reserved} units reserved`);
    if (now.available < 0) violations.push(`${sku} available is negative`);
    const soldByOrders = soldBySku.get(sku) ?? 0;
    if (now.sold - was.sold !== soldByOrders) violations.push(`${sku} sold moved by ${now.sold - was.sold}, confirmed orders hold ${soldByOrders}`);
  }

  // Accounts opened in between (a first deposit opens one) started from nothing.
  const customers = new Set([...before.balances.keys(), ...after.balances.keys()]);
  for (const customerId of customers) {
    const was = before.balances.get(customerId) ?? 0;
    const now = after.balances.get(customerId) ?? 0;
    const spent = spentByCustomer.get(customerId) ?? 0;
    const deposited = adjustments.deposited?.[customerId] ?? 0;
    if (now !== was - spent + deposited) violations.push(`balance of ${customerId} moved ${now - was}, expected ${deposited - spent}`);
  }
  return violations;
}

/** Per order: at most one payment, a confirmed order charged exactly once, a cancelled one not at all. */
export async function chargeViolations(api: SagaApi, orders: OrderView[]): Promise<string[]> {
  const violations: string[] = [];
  for (const order of orders) {
    const payments = await api.payments(order.orderId);
    const charged = payments.filter((p) => p.status === 'CHARGED');
    if (payments.length > 1) violations.push(`order ${order.orderId} has ${payments.length} payments`);
    if (order.status === 'CONFIRMED' && charged.length !== 1) violations.push(`confirmed order ${order.orderId} is not charged exactly once`);
    if (order.status === 'CANCELLED' && charged.length > 0) violations.push(`cancelled order ${order.orderId} kept its charge`);
  }
  return violations;
}
