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
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(OrderEntity)
      .values(toRow(order, order.snapshot().createdAt))
      .orIgnore()
      .returning('id')
      .execute();
    return result.raw.length === 1;
  }

  async findByIdempotencyKey(manager: EntityManager, idempotencyKey: string): Promise<Order | null> {
    const row = await manager.findOne(OrderEntity, { where: { idempotencyKey } });
    return row && toDomain(row);
  }

  /** SELECT ... FOR UPDATE: the caller decides on the current state while no one else can change it. */
  async lock(manager: EntityManager, id: string): Promise<Order | null> {
    const row = await manager.findOne(OrderEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    return row && toDomain(row);
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
    await manager.update(OrderEntity, { id: order.id }, { status, reason, totalCents, updatedAt: now });
  }

  async findById(manager: EntityManager, id: string): Promise<OrderRow | null> {
    return manager.findOne(OrderEntity, { where: { id } });
  }

  async listByCustomer(manager: EntityManager, customerId: string, limit: number): Promise<OrderRow[]> {
    return manager.find(OrderEntity, { where: { customerId }, order: { createdAt: 'DESC', id: 'DESC' }, take: limit });
  }
}
