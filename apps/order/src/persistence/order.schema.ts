import { EntitySchema } from 'typeorm';
import { CancelReason, OrderStatus } from '../domain/order-status';
import { OrderLine } from '../domain/order';

/** A row of `orders`, the persistence shape of the Order aggregate (mapped in order.mapper.ts). */
export interface OrderRow {
  id: string;
  transactionId: string;
  customerId: string;
  items: OrderLine[];
  status: OrderStatus;
  reason: CancelReason | null;
  totalCents: number | null;
  idempotencyKey: string | null;
  createdAt: Date;
  updatedAt: Date;
  deadlineAt: Date;
}

/** bigint holds any sum of cents exactly; pg returns it as a string, and cents fit a JS number safely. */
const bigintCents = {
  to: (value: number | null) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

export const OrderEntity = new EntitySchema<OrderRow>({
  name: 'Order',
  tableName: 'orders',
  columns: {
    id: { type: 'uuid', primary: true },
    transactionId: { name: 'transaction_id', type: 'uuid' },
    customerId: { name: 'customer_id', type: 'text' },
    items: { type: 'jsonb' },
    status: { type: 'text' },
    reason: { type: 'text', nullable: true },
    totalCents: { name: 'total_cents', type: 'bigint', nullable: true, transformer: bigintCents },
    idempotencyKey: { name: 'idempotency_key', type: 'text', nullable: true },
    createdAt: { name: 'created_at', type: 'timestamptz' },
    updatedAt: { name: 'updated_at', type: 'timestamptz' },
    deadlineAt: { name: 'deadline_at', type: 'timestamptz' },
  },
});
