import { z } from 'zod';

export const sku = z.string().regex(/^[A-Z0-9][A-Z0-9-]{0,63}$/, 'sku: upper-case letters, digits and dashes');
export const cents = z.number().int().nonnegative();
export const customerId = z.string().min(1).max(64);

export const orderLine = z.object({
  sku,
  quantity: z.number().int().positive().max(1000),
});

export const CANCEL_REASONS = ['OUT_OF_STOCK', 'PAYMENT_DECLINED', 'TIMEOUT', 'CUSTOMER_CANCELLED'] as const;
export const cancelReason = z.enum(CANCEL_REASONS);
export type CancelReason = z.infer<typeof cancelReason>;
