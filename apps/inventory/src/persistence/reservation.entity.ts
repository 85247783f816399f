import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { ReservationStatus } from '../domain/reservation';
import { OrderLine } from '../domain/stock';
import { bigintAsNumber } from './bigint.transformer';

export interface StoredLine extends OrderLine {
  /** Set once the line is reserved; a rejected order keeps the lines as requested. */
  unitPriceCents?: number;
}

/**
 * One row per order that inventory has heard of, keyed by order id: its existence is what
 * makes a late or repeated ORDER_CREATED harmless. The lines are written once and only read
 * back whole, so they live in a jsonb column rather than a child table.
 */
@Entity({ name: 'reservations' })
export class ReservationEntity {
  @PrimaryColumn({ name: 'order_id', type: 'uuid' })
  orderId!: string;

  /** Null for a tombstone: ORDER_CANCEL does not say who the customer was. */
  @Column({ name: 'customer_id', type: 'text', nullable: true })
  customerId!: string | null;

  @Column({ type: 'text' })
  status!: ReservationStatus;

  @Column({ type: 'jsonb' })
  lines!: StoredLine[];

  /** Null when nothing was priced (REJECTED, CANCELLED). */
  @Column({ name: 'total_cents', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  totalCents!: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
