/** What the benchmark orders: cheap, well-stocked products, 1-2 lines of 1-2 units, spread over many customers. */
export const BENCH_SKUS = ['KEYBOARD-01', 'MOUSE-01', 'HEADSET-01', 'CABLE-USB-C'] as const;
export const MAX_LINES = 2;
export const MAX_QUANTITY = 2;

export interface OrderRequest {
  customerId: string;
  items: { sku: string; quantity: number }[];
}

/**
 * One customer's charges serialize on one account row, so the load is spread over many customers
 * (as real traffic is) rather than hammering the demo's five.
 */
export function benchCustomers(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `bench-${String(i).padStart(5, '0')}`);
}

export function randomOrder(customers: readonly string[]): OrderRequest {
  const customerId = customers[Math.floor(Math.random() * customers.length)];
  const first = Math.floor(Math.random() * BENCH_SKUS.length);
  const lines = 1 + Math.floor(Math.random() * MAX_LINES);
  const items = Array.from({ length: lines }, (_, i) => ({
    sku: BENCH_SKUS[(first + i) % BENCH_SKUS.length],
    quantity: 1 + Math.floor(Math.random() * MAX_QUANTITY),
  }));
  return { customerId, items };
}
