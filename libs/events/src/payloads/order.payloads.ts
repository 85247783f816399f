import { z } from 'zod';
import { cancelReason, cents, customerId, orderLine } from './common';

export const orderCreatedV1 = z.object({
  customerId,
  items: z.array(orderLine).min(1).max(50),
});

export const orderConfirmedV1 = z.object({
  customerId,
  totalCents: cents,
});

/** The compensation trigger: whoever did something for this order undoes it. */
export const orderCancelV1 = z.object({
  reason: cancelReason,
});
