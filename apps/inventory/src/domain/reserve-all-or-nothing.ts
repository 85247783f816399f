import { OrderLine, quantitiesBySku, SkuQuantity, StockLevel } from './stock';

export interface PricedLine extends OrderLine {
  unitPriceCents: number;
}

/** Why a line could not be reserved: what was asked for against what was free. */
export interface Shortfall {
  sku: string;
  requested: number;
  available: number;
}

export type ReservationDecision =
  | { kind: 'RESERVED'; lines: PricedLine[]; totalCents: number; quantities: SkuQuantity[] }
  | { kind: 'REJECTED'; reason: 'UNKNOWN_SKU' | 'OUT_OF_STOCK'; shortfalls: Shortfall[] };

/**
 * Decides an order's reservation against the current (locked) stock: every line, or none.
 * An unknown sku wins over a shortage (a catalogue error says more than "try again later");
 * the rejection lists only the offending skus. Prices are inventory's: they are stamped on
 * the lines here, and the total is what payment will charge.
 */
export function reserveAllOrNothing(lines: readonly OrderLine[], stock: readonly StockLevel[]): ReservationDecision {
  const bySku = new Map(stock.map((product) => [product.sku, product]));
  const quantities = quantitiesBySku(lines);

  const unknown = quantities.filter(({ sku }) => !bySku.has(sku));
  if (unknown.length > 0) {
    return {
      kind: 'REJECTED',
      reason: 'UNKNOWN_SKU',
      shortfalls: unknown.map(({ sku, quantity }) => ({ sku, requested: quantity, available: 0 })),
    };
  }

  const short = quantities.filter(({ sku, quantity }) => bySku.get(sku)!.available < quantity);
  if (short.length > 0) {
    return {
      kind: 'REJECTED',
      reason: 'OUT_OF_STOCK',
      shortfalls: short.map(({ sku, quantity }) => ({ sku, requested: quantity, available: bySku.get(sku)!.available })),
    };
  }

  const priced = lines.map((line) => ({ ...line, unitPriceCents: bySku.get(line.sku)!.priceCents }));
  return {
    kind: 'RESERVED',
    lines: priced,
    totalCents: priced.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0),
    quantities,
  };
}
