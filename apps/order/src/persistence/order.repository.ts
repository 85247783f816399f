import { EntityManager } from 'typeorm';
import { Order } from '../domain/order';
import { OPEN_STATUSES } from '../domain/order-status';
import { OrderNotFoundError } from '../domain/order.errors';
import { OrderEntity, OrderRow } from './order.schema';
import { toDomain, toRow } from './order.mapper';

/** Orders, always through the caller's EntityManager so every read and write joins its transaction. */
export class OrderRepository {
  /**
   * Inserts new orders in one statement and returns the ids of those inserted: an order whose
   * Idempotency-Key is already taken (earlier, by a concurrent transaction, or by an order before it in
   * `orders`) is skipped. ON CONFLICT waits for a concurrent insert of the same key to commit, so the
   * loser can then read the winner.
   */
  async insertUnlessKeyTaken(manager: EntityManager, orders: readonly Order[]): Promise<Set<string>> {
    // Rows go in Idempotency-Key order (stable: the first of equal keys wins): two transactions that
    // insert the same keys then wait on each other's keys in one order, never in a deadlock cycle.
    const rows = [...orders].sort(byIdempotencyKey).map((order) => toRow(order, order.snapshot().createdAt));
    // Plain SQL on the hot path (every POST): the query builder cost more CPU than the insert itself.
    const inserted: Array<{ id: string }> = await manager.query(
      `INSERT INTO orders (id, transaction_id, customer_id, items, status, reason, total_cents, idempotency_key, created_at, updated_at, deadline_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::jsonb[], $5::text[], $6::text[], $7::bigint[],
                            $8::text[], $9::timestamptz[], $10::timestamptz[], $11::timestamptz[])
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        rows.map((row) => row.id),
        rows.map((row) => row.transactionId),
        rows.map((row) => row.customerId),
        rows.map((row) => JSON.stringify(row.items)),
        rows.map((row) => row.status),
        rows.map((row) => row.reason),
        rows.map((row) => row.totalCents),
        rows.map((row) => row.idempotencyKey),
        rows.map((row) => row.createdAt),
        rows.map((row) => row.updatedAt),
        rows.map((row) => row.deadlineAt),
      ],
    );
    return new Set(inserted.map((row) => row.id));
  }

  /** The orders holding any of these Idempotency-Keys, by key. */
  async findByIdempotencyKeys(manager: EntityManager, keys: readonly string[]): Promise<Map<string, Order>> {
    if (keys.length === 0) return new Map();
    const rows: RawOrderRow[] = await manager.query(`SELECT ${ORDER_COLUMNS} FROM orders WHERE idempotency_key = ANY($1::text[])`, [
      [...new Set(keys)],
    ]);
    return new Map(rows.map((row) => [row.idempotencyKey!, toDomain(fromRaw(row))]));
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

/** Orders without a key (they cannot conflict) last; keys in code-unit order, the same in every process. */
function byIdempotencyKey(a: Order, b: Order): number {
  const [x, y] = [a.snapshot().idempotencyKey, b.snapshot().idempotencyKey];
  if (x === y) return 0;
  if (x === null) return 1;
  if (y === null) return -1;
  return x < y ? -1 : 1;
}
