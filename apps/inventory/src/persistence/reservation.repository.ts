import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DeferredStatement, TransientError, unitOfWork } from '@saga/messaging';
import { ReservationStatus } from '../domain/reservation';
import { StoredLine } from './reservation.entity';

/** A reservation as the saga reads and writes it (the row without its timestamps). */
export interface ReservationRow {
  orderId: string;
  customerId: string | null;
  status: ReservationStatus;
  lines: StoredLine[];
  totalCents: number | null;
}

/** What one transaction holds of `reservations`, as this transaction changed it. */
interface LockedReservations {
  /** Every order this transaction looked at; null when it has no row. */
  rows: Map<string, ReservationRow | null>;
  /** Rows to insert at the flush (their final status included). */
  inserted: Set<string>;
  /** Status each loaded row had in the table, for the rows whose status changed. */
  loadedStatus: Map<string, ReservationStatus>;
}

/**
 * Reservations, through the unit of work of the caller's runner transaction: an order's row is locked
 * once per transaction (a batch locks all of its orders in one statement), inserts and status changes
 * are applied in memory, so a later event of the batch sees them, and written by one INSERT and one
 * UPDATE just before the commit.
 */
@Injectable()
export class ReservationRepository {
  /** The order's reservation, locked (SELECT ... FOR UPDATE): concurrent reactions to one order take turns. */
  async lockByOrderId(manager: EntityManager, orderId: string): Promise<ReservationRow | null> {
    await this.lockByOrderIds(manager, [orderId]);
    const row = this.lockedIn(manager).rows.get(keyOf(orderId))!;
    return row && copyOf(row);
  }

  /**
   * Locks the reservations of `orderIds` not yet held in one statement, in order id order (one lock order
   * for every transaction); returns those that exist.
   */
  async lockByOrderIds(manager: EntityManager, orderIds: string[]): Promise<ReservationRow[]> {
    const locked = this.lockedIn(manager);
    const wanted = [...new Set(orderIds.map(keyOf))];
    const toLock = wanted.filter((orderId) => !locked.rows.has(orderId)).sort();
    if (toLock.length > 0) {
      // Plain SQL for the per-batch statements: TypeORM's builders cost more CPU than the queries (bench/README.md).
      const rows: (Omit<ReservationRow, 'totalCents'> & { totalCents: string | null })[] = await manager.query(
        `SELECT order_id AS "orderId", customer_id AS "customerId", status, lines, total_cents AS "totalCents"
         FROM reservations WHERE order_id = ANY($1::uuid[]) ORDER BY order_id FOR UPDATE`,
        [toLock],
      );
      toLock.forEach((orderId) => locked.rows.set(orderId, null));
      for (const { totalCents, ...row } of rows) {
        locked.rows.set(row.orderId, { ...row, totalCents: totalCents === null ? null : Number(totalCents) });
      }
    }
    return wanted.flatMap((orderId) => {
      const row = locked.rows.get(orderId);
      return row ? [copyOf(row)] : [];
    });
  }

  /**
   * A new reservation, for an order the caller saw without one. A concurrent transaction (ORDER_CREATED
   * and ORDER_CANCEL of one order handled at once, e.g. during a rebalance) may have written one since:
   * then the INSERT at the flush finds it, and the transaction rolls back with a TransientError; the
   * retry reads the row and decides again.
   */
  insert(manager: EntityManager, reservation: ReservationRow): void {
    const locked = this.lockedIn(manager);
    const orderId = keyOf(reservation.orderId);
    if (locked.rows.get(orderId)) throw new Error(`order ${orderId} already has a reservation`);
    locked.rows.set(orderId, { ...copyOf(reservation), orderId });
    locked.inserted.add(orderId);
  }

  /** Guarded by the current status; the row is expected to be locked by lockByOrderId already. */
  changeStatus(manager: EntityManager, orderId: string, from: ReservationStatus, to: ReservationStatus): void {
    const locked = this.lockedIn(manager);
    const key = keyOf(orderId);
    const row = locked.rows.get(key);
    if (row?.status !== from) throw new Error(`reservation for order ${orderId} is not ${from}`);
    if (!locked.inserted.has(key) && !locked.loadedStatus.has(key)) locked.loadedStatus.set(key, from);
    row.status = to;
  }

  private lockedIn(manager: EntityManager): LockedReservations {
    const unit = unitOfWork(manager);
    return unit.stateOf(this, () => {
      const locked: LockedReservations = { rows: new Map(), inserted: new Set(), loadedStatus: new Map() };
      unit.beforeCommitStatement(() => this.insertNew(locked));
      unit.beforeCommitStatement(() => this.updateStatuses(locked));
      return locked;
    });
  }

  private insertNew(locked: LockedReservations): DeferredStatement | null {
    if (locked.inserted.size === 0) return null;
    // Sorted: two transactions inserting the same orders wait for each other's keys in one order.
    const rows = [...locked.inserted].sort().map((orderId) => locked.rows.get(orderId)!);
    return {
      sql: `INSERT INTO reservations (order_id, customer_id, status, lines, total_cents)
            SELECT m.order_id, m.customer_id, m.status, m.lines::jsonb, m.total_cents
            FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::bigint[])
              AS m(order_id, customer_id, status, lines, total_cents)
            ON CONFLICT (order_id) DO NOTHING
            RETURNING order_id`,
      params: [
        rows.map((r) => r.orderId),
        rows.map((r) => r.customerId),
        rows.map((r) => r.status),
        rows.map((r) => JSON.stringify(r.lines)),
        rows.map((r) => r.totalCents),
      ],
      expect: {
        rows: rows.length,
        mismatch: (inserted) =>
          new TransientError(
            `${rows.length - inserted} of the reservations for orders ${rows.map((r) => r.orderId).join(', ')} were written concurrently; retrying`,
          ),
      },
    };
  }

  /** One UPDATE, guarded in SQL by the status each row was loaded with (held FOR UPDATE, so it still is). */
  private updateStatuses(locked: LockedReservations): DeferredStatement | null {
    if (locked.loadedStatus.size === 0) return null;
    const changes = [...locked.loadedStatus].sort(([a], [b]) => (a < b ? -1 : 1));
    return {
      sql: `UPDATE reservations r SET status = m.status, updated_at = now()
            FROM unnest($1::uuid[], $2::text[], $3::text[]) AS m(order_id, loaded_status, status)
            WHERE r.order_id = m.order_id AND r.status = m.loaded_status
            RETURNING r.order_id`,
      params: [changes.map(([orderId]) => orderId), changes.map(([, from]) => from), changes.map(([orderId]) => locked.rows.get(orderId)!.status)],
      expect: {
        rows: changes.length,
        mismatch: (updated) => new Error(`status update touched ${updated} of ${changes.length} reservations: one changed under its lock`),
      },
    };
  }
}

/** PostgreSQL hands uuids back in lower case; the contract accepts either, so rows are kept under that spelling. */
function keyOf(orderId: string): string {
  return orderId.toLowerCase();
}

function copyOf(row: ReservationRow): ReservationRow {
  return { ...row, lines: row.lines.map((line) => ({ ...line })) };
}
