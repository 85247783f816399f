/** A line of an order as the saga carries it: one sku, how many units. */
export interface OrderLine {
  sku: string;
  quantity: number;
}

/** Units per sku, one entry per sku, sorted by sku (the order product rows are locked in). */
export type SkuQuantity = OrderLine;

/** What reserving needs to know about a product: its price and what is still free to sell. */
export interface StockLevel {
  sku: string;
  priceCents: number;
  available: number;
}

/**
 * The three ways units move between a product's counters. Every move keeps
 * available + reserved + sold constant: only a restock changes the sum.
 */
export type StockMove =
  | 'RESERVE' //  available -> reserved
  | 'SELL' //     reserved  -> sold
  | 'RELEASE'; // reserved  -> available

/**
 * Sums the lines per sku. An order may name the same sku on two lines; checking each line
 * on its own would let 1 + 1 units pass against 1 available.
 */
export function quantitiesBySku(lines: readonly OrderLine[]): SkuQuantity[] {
  const totals = new Map<string, number>();
  for (const line of lines) totals.set(line.sku, (totals.get(line.sku) ?? 0) + line.quantity);
  return [...totals]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([sku, quantity]) => ({ sku, quantity }));
}
