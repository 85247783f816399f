import { z } from 'zod';
import { cents, customerId } from './common';

export const paymentCompletedV1 = z.object({
  paymentId: z.uuid(),
  customerId,
  amountCents: cents,
});

export const paymentFailedV1 = z.object({
  customerId,
  amountCents: cents,
  reason: z.enum(['INSUFFICIENT_FUNDS', 'DECLINED', 'UNKNOWN_CUSTOMER', 'ORDER_CANCELLED']),
});

export const paymentRefundedV1 = z.object({
  paymentId: z.uuid(),
  customerId,
  amountCents: cents,
});
