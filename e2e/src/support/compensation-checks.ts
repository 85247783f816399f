import { OrderView } from './saga-api';

function countOf(order: OrderView, type: string): number {
  return (order.history ?? []).filter((entry) => entry.type === type).length;
}

/**
 * What each final order's timeline (GET /orders/:id, with history) must show once compensations have
 * landed: a charge is refunded exactly once if the order was cancelled and never if it was confirmed,
 * no refund without a charge, and a reservation is released exactly once if the order was cancelled.
 */
export function compensationViolations(orders: OrderView[]): string[] {
  const violations: string[] = [];
  for (const order of orders) {
    const id = `${order.status} order ${order.orderId}`;
    const charged = countOf(order, 'PAYMENT_COMPLETED');
    const refunded = countOf(order, 'PAYMENT_REFUNDED');
    const reserved = countOf(order, 'INVENTORY_RESERVED');
    const released = countOf(order, 'INVENTORY_RELEASED');
    if (charged > 1 || reserved > 1) violations.push(`${id} was charged ${charged} and reserved ${reserved} times`);
    if (refunded > charged) violations.push(`${id} was refunded ${refunded} times after ${charged} charges`);
    if (released > reserved) violations.push(`${id} was released ${released} times after ${reserved} reservations`);
    if (order.status === 'CONFIRMED' && (refunded > 0 || released > 0)) violations.push(`${id} was compensated`);
    if (order.status === 'CANCELLED' && refunded !== charged) violations.push(`${id}: ${charged} charges, ${refunded} refunds`);
    if (order.status === 'CANCELLED' && released !== reserved) violations.push(`${id}: ${reserved} reservations, ${released} releases`);
  }
  return violations;
}

/** One line on how a set of orders ended, e.g. "41 confirmed, 19 cancelled (8 CUSTOMER_CANCELLED, ...)". */
export function outcomeSummary(orders: OrderView[]): string {
  const confirmed = orders.filter((o) => o.status === 'CONFIRMED').length;
  const cancelled = orders.filter((o) => o.status === 'CANCELLED');
  const reasons = new Map<string, number>();
  for (const order of cancelled) reasons.set(order.reason ?? '?', (reasons.get(order.reason ?? '?') ?? 0) + 1);
  const byReason = [...reasons].sort(([a], [b]) => a.localeCompare(b)).map(([reason, n]) => `${n} ${reason}`);
  const lateCharges = cancelled.filter((o) => countOf(o, 'PAYMENT_REFUNDED') > 0).length;
  const compensations = lateCharges > 0 ? `; ${lateCharges} charges refunded` : '';
  return `${confirmed} confirmed, ${cancelled.length} cancelled${byReason.length ? ` (${byReason.join(', ')})` : ''}${compensations}`;
}
