import { Product } from '../domain/product';

/** The pinned shape of a product in every response; spelled out so a new column never leaks into the API. */
export interface ProductResponse {
  sku: string;
  name: string;
  priceCents: number;
  available: number;
  reserved: number;
  sold: number;
}

export function toProductResponse({ sku, name, priceCents, available, reserved, sold }: Product): ProductResponse {
  return { sku, name, priceCents, available, reserved, sold };
}
