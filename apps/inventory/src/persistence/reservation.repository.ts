import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { TransientError } from '@saga/messaging';
import { ReservationStatus } from '../domain/reservation';
import { ReservationEntity, StoredLine } from './reservation.entity';

export interface NewReservation {
  orderId: string;
  customerId: string | null;
  status: ReservationStatus;
  lines: StoredLine[];
  totalCents: number | null;
}

/** Reservations, always through the caller's transaction (`manager`). */
@Injectable()
export class ReservationRepository {
  // Plain SQL for the per-event statements: TypeORM's builders cost more CPU than the queries (bench/README.md).
  async exists(manager: EntityManager, orderId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query('SELECT 1 FROM reservations WHERE order_id = $1', [orderId]);
    return rows.length > 0;
  }

  /** SELECT ... FOR UPDATE: concurrent reactions to the same order take turns. */
  async lockByOrderId(manager: EntityManager, orderId: string): Promise<ReservationEntity | null> {
    const rows: (Omit<ReservationEntity, 'totalCents'> & { totalCents: string | null })[] = await manager.query(
      `SELECT order_id AS "orderId", customer_id AS "customerId", status, lines, total_cents AS "totalCents",
              created_at AS "createdAt", updated_at AS "updatedAt"
       FROM reservations WHERE order_id = $1 FOR UPDATE`,
      [orderId],
    );
    if (rows.length === 0) return null;
    const { totalCents, ...row } = rows[0];
    return Object.assign(new ReservationEntity(), { ...row, totalCents: totalCents === null ? null : Number(totalCents) });
  }

  /**
   * The caller saw no row for this order, but a concurrent transaction (ORDER_CREATED and
   * ORDER_CANCEL of one order handled at once, e.g. during a rebalance) may have written one
   * since. Then this transaction's view is stale: roll it back and retry, and the retry reads
   * the row and decides again.
   */
  async insert(manager: EntityManager, reservation: NewReservation): Promise<void> {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO reservations (order_id, customer_id, status, lines, total_cents)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (order_id) DO NOTHING
       RETURNING order_id`,
      [
        reservation.orderId,
        reservation.customerId,
        reservation.status,
        JSON.stringify(reservation.lines),
        reservation.totalCents,
      ],
    );
    if (inserted.length === 0) {
      throw new TransientError(`reservation for order ${reservation.orderId} was written concurrently; retrying`);
    }
  }

  /** Guarded by the current status in SQL; the row is expected to be locked by lockByOrderId already. */
  async changeStatus(manager: EntityManager, orderId: string, from: ReservationStatus, to: ReservationStatus) {
    // manager.query resolves an UPDATE to [rows, rowCount].
    const [, updated]: [unknown[], number] = await manager.query(
      'UPDATE reservations SET status = $3, updated_at = now() WHERE order_id = $1 AND status = $2',
      [orderId, from, to],
    );
    if (updated !== 1) throw new Error(`reservation for order ${orderId} is not ${from}`);
  }
}
