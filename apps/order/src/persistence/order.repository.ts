import { EntityManager } from 'typeorm';
import { DeferredStatement, unitOfWork } from '@saga/messaging';
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

  /**
   * SELECT ... FOR UPDATE: the caller decides on the current state while no one else can change it.
   * An order this transaction already locked comes from its unit of work, with the changes earlier
   * events of the batch made to it (the table still holds the old row until the commit's flush).
   */
  async lock(manager: EntityManager, id: string): Promise<Order | null> {
    const { locked } = this.unitOf(manager);
    if (!locked.has(id)) await this.lockAll(manager, [id]);
    return locked.get(id) ?? null;
  }

  /**
   * Locks the orders of a whole batch in one statement, in id order (one lock order for every
   * transaction, so two batches never deadlock); lock() then finds them without a round trip.
   * Orders this transaction already holds are not read again.
   */
  async lockAll(manager: EntityManager, ids: readonly string[]): Promise<void> {
    const { locked } = this.unitOf(manager);
    const wanted = [...new Set(ids)].filter((id) => !locked.has(id));
    if (wanted.length === 0) return;
    const rows: RawOrderRow[] = await manager.query(
      `SELECT ${ORDER_COLUMNS} FROM orders WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [wanted],
    );
    // Absent ids stay known as absent: lockExisting fails them without another query.
    for (const id of wanted) locked.set(id, null);
    for (const row of rows) locked.set(row.id, toDomain(fromRaw(row)));
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

  /**
   * Notes a transition of an order the caller holds FOR UPDATE; written just before the commit, with
   * every other transition of the transaction, by writeTransitions. A later lock() of the order in the
   * same transaction gets this instance.
   */
  async saveTransition(manager: EntityManager, order: Order, now: Date): Promise<void> {
    const { locked, changed } = this.unitOf(manager);
    locked.set(order.id, order);
    changed.set(order.id, { order, at: now });
  }

  /**
   * One UPDATE for all the transaction's transitions, of the fields a transition may change (never the
   * lines or the saga id). Absolute values are safe: every row is held FOR UPDATE since it was read.
   */
  private writeTransitions(changed: Map<string, ChangedOrder>): DeferredStatement | null {
    if (changed.size === 0) return null;
    const rows = [...changed.values()].map(({ order, at }) => ({ ...order.snapshot(), at }));
    return {
      sql: `UPDATE orders AS o SET status = m.status, reason = m.reason, total_cents = m.total_cents, updated_at = m.updated_at
            FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bigint[], $5::timestamptz[]) AS m(id, status, reason, total_cents, updated_at)
            WHERE o.id = m.id`,
      params: [
        rows.map((row) => row.id),
        rows.map((row) => row.status),
        rows.map((row) => row.reason),
        rows.map((row) => row.totalCents),
        rows.map((row) => row.at),
      ],
    };
  }

  /** This repository's part of the transaction's unit of work; the first use registers the flush. */
  private unitOf(manager: EntityManager): OrderUnit {
    const unit = unitOfWork(manager);
    return unit.stateOf(this, () => {
      const state: OrderUnit = { locked: new Map(), changed: new Map() };
      unit.beforeCommitStatement(() => this.writeTransitions(state.changed));
      return state;
    });
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

interface ChangedOrder {
  order: Order;
  /** When its last transition in this transaction happened: the row's updated_at. */
  at: Date;
}

/** What the repository keeps for one runner transaction. */
interface OrderUnit {
  /** Orders locked FOR UPDATE in this transaction, by id (null: no such order), as changed since. */
  locked: Map<string, Order | null>;
  /** Orders with a transition to write before the commit, by id. */
  changed: Map<string, ChangedOrder>;
}

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
