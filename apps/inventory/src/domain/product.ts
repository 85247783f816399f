/** A product as inventory keeps it. Prices are integer cents; inventory owns them. */
export interface Product {
  sku: string;
  name: string;
  priceCents: number;
  available: number;
  reserved: number;
  sold: number;
}

/** One restock adds at most this many units: a typo guard, not a warehouse limit. */
export const MAX_RESTOCK_QUANTITY = 1_000_000;

export class UnknownProductError extends Error {
  constructor(readonly sku: string) {
    super(`product ${sku} does not exist`);
    this.name = 'UnknownProductError';
  }
}
