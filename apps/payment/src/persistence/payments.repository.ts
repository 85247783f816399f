import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DeclineReason, Payment } from '../domain/payment';
import { PaymentRow, PaymentSchema, toPayment } from './payment.schema';
import { updatedCount } from './updated-count';

export type NewPayment =
  | { orderId: string; paymentId: string; customerId: string; amountCents: number; status: 'CHARGED' }
  | { orderId: string; paymentId: string; customerId: string; amountCents: number; status: 'DECLINED'; reason: DeclineReason };

/**
 * Every write is guarded in SQL: an INSERT that yields to an existing row, or an UPDATE that
 * names the status it leaves. Each returns whether it happened, so the caller emits an event
 * only for a change that was actually made.
 */
@Injectable()
export class PaymentsRepository {
  async findByOrderId(manager: EntityManager, orderId: string): Promise<Payment | null> {
    // Plain SQL: read for every INVENTORY_RESERVED, where TypeORM's find builder cost more CPU than the query.
    const rows: (Omit<PaymentRow, 'amountCents'> & { amountCents: string | null })[] = await manager.query(
      `SELECT order_id AS "orderId", payment_id AS "paymentId", customer_id AS "customerId", amount_cents AS "amountCents",
              status, reason, created_at AS "createdAt", updated_at AS "updatedAt"
       FROM payments WHERE order_id = $1`,
      [orderId],
    );
    if (rows.length === 0) return null;
    const { amountCents, ...row } = rows[0];
    return toPayment({ ...row, amountCents: amountCents === null ? null : Number(amountCents) });
  }

  /** SELECT ... FOR UPDATE: holds the row until the transaction ends. */
  async lockByOrderId(manager: EntityManager, orderId: string): Promise<Payment | null> {
    const row = await manager.findOne(PaymentSchema, { where: { orderId }, lock: { mode: 'pessimistic_write' } });
    return row && toPayment(row);
  }

  /** False when the order already has a payment row (written concurrently by another transaction). */
  async insert(manager: EntityManager, payment: NewPayment): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO payments (order_id, payment_id, customer_id, amount_cents, status, reason)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (order_id) DO NOTHING RETURNING 1`,
      [
        payment.orderId,
        payment.paymentId,
        payment.customerId,
        payment.amountCents,
        payment.status,
        payment.status === 'DECLINED' ? payment.reason : null,
      ],
    );
    return rows.length === 1;
  }

  /** The VOIDED row an early ORDER_CANCEL leaves; false when a payment row exists already. */
  async insertTombstone(manager: EntityManager, tombstone: { orderId: string; paymentId: string; reason: string }): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO payments (order_id, payment_id, status, reason)
       VALUES ($1, $2, 'VOIDED', $3) ON CONFLICT (order_id) DO NOTHING RETURNING 1`,
      [tombstone.orderId, tombstone.paymentId, tombstone.reason],
    );
    return rows.length === 1;
  }

  /**
   * Notes on an early tombstone who would have paid and how much, when the late reservation
   * arrives. True only the first time, which is what makes PAYMENT_FAILED ORDER_CANCELLED unique.
   */
  async completeTombstone(manager: EntityManager, orderId: string, customerId: string, amountCents: number): Promise<boolean> {
    const changed = await updatedCount(
      manager,
      `UPDATE payments SET customer_id = $2, amount_cents = $3, updated_at = now()
       WHERE order_id = $1 AND status = 'VOIDED' AND customer_id IS NULL`,
      [orderId, customerId, amountCents],
    );
    return changed === 1;
  }

  async markRefunded(manager: EntityManager, orderId: string): Promise<boolean> {
    const changed = await updatedCount(
      manager,
      `UPDATE payments SET status = 'REFUNDED', updated_at = now() WHERE order_id = $1 AND status = 'CHARGED'`,
      [orderId],
    );
    return changed === 1;
  }
}
