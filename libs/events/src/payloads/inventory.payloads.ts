import { z } from 'zod';
import { cents, customerId, orderLine, sku } from './common';

/** Inventory owns prices, so the amount to charge travels with the reservation. */
export const inventoryReservedV1 = z.object({
  customerId,
  items: z.array(orderLine.extend({ unitPriceCents: cents })).min(1),
  totalCents: cents,
});

export const inventoryRejectedV1 = z.object({
  reason: z.enum(['OUT_OF_STOCK', 'UNKNOWN_SKU', 'ORDER_CANCELLED']),
  lines: z.array(z.object({ sku, requested: z.number().int().positive(), available: z.number().int().nonnegative() })),
});

export const inventoryReleasedV1 = z.object({
  items: z.array(orderLine).min(1),
});
