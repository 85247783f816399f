import { IsUUID } from 'class-validator';
import { Payment, PaymentStatus } from '../domain/payment';

export class PaymentsQueryParams {
  @IsUUID('all', { message: 'orderId is required and must be a UUID' })
  orderId!: string;
}

export interface PaymentResponse {
  paymentId: string;
  orderId: string;
  /** Null on a VOIDED payment whose order was cancelled before its reservation arrived. */
  customerId: string | null;
  amountCents: number | null;
  status: PaymentStatus;
  reason?: string;
  createdAt: string;
  updatedAt: string;
}

export function toPaymentResponse(payment: Payment): PaymentResponse {
  return {
    paymentId: payment.paymentId,
    orderId: payment.orderId,
    customerId: payment.customerId,
    amountCents: payment.amountCents,
    status: payment.status,
    ...(payment.reason === null ? {} : { reason: payment.reason }),
    createdAt: payment.createdAt.toISOString(),
    updatedAt: payment.updatedAt.toISOString(),
  };
}
