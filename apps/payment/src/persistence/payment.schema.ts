import { EntitySchema } from 'typeorm';
import { PaymentStatus } from '../domain/payment';
import { bigintCents } from './bigint-cents.transformer';

/** A payments row as stored; the CHECK constraints in the migration make it a valid domain Payment. */
export interface PaymentRow {
  orderId: string;
  paymentId: string;
  customerId: string | null;
  amountCents: number | null;
  status: PaymentStatus;
  reason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const PaymentSchema = new EntitySchema<PaymentRow>({
  name: 'Payment',
  tableName: 'payments',
  columns: {
    orderId: { name: 'order_id', type: 'uuid', primary: true },
    paymentId: { name: 'payment_id', type: 'uuid' },
    customerId: { name: 'customer_id', type: 'text', nullable: true },
    amountCents: { name: 'amount_cents', type: 'bigint', nullable: true, transformer: bigintCents },
    status: { type: 'text' },
    reason: { type: 'text', nullable: true },
    createdAt: { name: 'created_at', type: 'timestamptz' },
    updatedAt: { name: 'updated_at', type: 'timestamptz' },
  },
});
