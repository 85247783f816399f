import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { Payment, PAYMENT_STATUSES, PaymentStatus } from '../domain/payment';

export class PaymentsQueryParams {
  @ApiProperty({ format: 'uuid', description: 'The order whose payments to list' })
  @IsUUID('all', { message: 'orderId is required and must be a UUID' })
  orderId!: string;
}

export class PaymentResponse {
  @ApiProperty({ format: 'uuid' })
  paymentId!: string;

  @ApiProperty({ format: 'uuid' })
  orderId!: string;

  /** Null on a VOIDED payment whose order was cancelled before its reservation arrived. */
  @ApiProperty({ type: 'string', nullable: true, description: 'Null on a VOIDED payment (cancelled before its reservation arrived)' })
  customerId!: string | null;

  @ApiProperty({ type: 'integer', nullable: true, description: 'Integer cents; null on a VOIDED payment' })
  amountCents!: number | null;

  @ApiProperty({ enum: PAYMENT_STATUSES })
  status!: PaymentStatus;

  @ApiPropertyOptional({ example: 'INSUFFICIENT_FUNDS', description: 'Why a charge was declined or voided' })
  reason?: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
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
