import { EntityManager } from 'typeorm';
import { Order } from '../domain/order';
import { OPEN_STATUSES } from '../domain/order-status';
import { OrderNotFoundError } from '../domain/order.errors';
import { OrderEntity, OrderRow } from './order.schema';
import { toDomain, toRow } from './order.mapper';

/** Orders, always through the caller's EntityManager so every read and write joins its transaction. */
export class OrderRepository {
  /**
   * Inserts a new order; false when its Idempotency-Key is already taken. ON CONFLICT waits for a
   * concurrent insert of the same key to commit, so the loser can then read the winner.
   */
  async insertUnlessKeyTaken(manager: EntityManager, order: Order): Promise<boolean> {
    const row = toRow(order, order.snapshot().createdAt);
    // Plain SQL on the hot path (every POST): the query builder cost more CPU than the insert itself.
    const inserted: unknown[] = await manager.query(
      `INSERT INTO orders (id, transaction_id, customer_id, items, status, reason, total_cents, idempotency_key, created_at, updated_at, deadline_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        row.id,
        row.transactionId,
        row.customerId,
        JSON.stringify(row.items),
        row.status,
        row.reason,
        row.totalCents,
        row.idempotencyKey,
        row.createdAt,
        row.updatedAt,
        row.deadlineAt,
      ],
    );
    return inserted.length === 1;
  }

  async findByIdempotencyKey(manager: EntityManager, idempotencyKey: string): Promise<Order | null> {
    const row = await manager.findOne(OrderEntity, { where: { idempotencyKey } });
    return row && toDomain(row);
  }

  /** SELECT ... FOR UPDATE: the caller decides on the current state while no one else can change it. */
  async lock(manager: EntityManager, id: string): Promise<Order | null> {
    const rows: RawOrderRow[] = await manager.query(`SELECT ${ORDER_COLUMNS} FROM orders WHERE id = $1 FOR UPDATE`, [id]);
    return rows.length === 0 ? null : toDomain(fromRaw(rows[0]));
  }

  /**
   * Like lock(), for an order the saga says exists. An event for an unknown order is not retried
   * into success: the error fails the event, which ends in the dead-letter topic for a human.
   */
  async lockExisting(manager: EntityManager, id: string): Promise<Order> {
    const order = await this.lock(manager, id);
    if (!order) throw new OrderNotFoundError(id);
    return order;
  }

  /**
   * Locks up to `limit` open orders past their deadline, skipping rows another transaction holds
   * (another sweeper instance, or an event handler about to decide them anyway).
   */
  async lockOverdue(manager: EntityManager, now: Date, limit: number): Promise<Order[]> {
    const rows = await manager
      .createQueryBuilder(OrderEntity, 'o')
      .where('o.status IN (:...open)', { open: OPEN_STATUSES })
      .andWhere('o.deadline_at <= :now', { now })
      .orderBy('o.deadline_at')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
    return rows.map(toDomain);
  }

  /** One UPDATE of the fields a transition may change (never the lines or the saga id). */
  async saveTransition(manager: EntityManager, order: Order, now: Date): Promise<void> {
    const { status, reason, totalCents } = order.snapshot();
    await manager.query('UPDATE orders SET status = $2, reason = $3, total_cents = $4, updated_at = $5 WHERE id = $1', [
      order.id,
      status,
      reason,
      totalCents,
      now,
    ]);
  }

  async findById(manager: EntityManager, id: string): Promise<OrderRow | null> {
    return manager.findOne(OrderEntity, { where: { id } });
  }

  async listByCustomer(manager: EntityManager, customerId: string, limit: number): Promise<OrderRow[]> {
    return manager.find(OrderEntity, { where: { customerId }, order: { createdAt: 'DESC', id: 'DESC' }, take: limit });
  }
}

/**
 * The saga's reactions read and write orders with plain SQL: per event, TypeORM's find/update
 * builders cost more CPU than the statements (bench/README.md). Columns aliased to OrderRow's names.
 */
const ORDER_COLUMNS = `id, transaction_id AS "transactionId", customer_id AS "customerId", items, status, reason,
  total_cents AS "totalCents", idempotency_key AS "idempotencyKey", created_at AS "createdAt",
  updated_at AS "updatedAt", deadline_at AS "deadlineAt"`;

type RawOrderRow = Omit<OrderRow, 'totalCents'> & { totalCents: string | null };

/** pg returns bigint as a string; cents fit a JS number exactly (as OrderEntity's transformer does). */
function fromRaw(row: RawOrderRow): OrderRow {
  return { ...row, totalCents: row.totalCents === null ? null : Number(row.totalCents) };
}
