import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventType, SagaEvent } from '@saga/events';
import { BatchPreparation } from '@saga/messaging';
import { OrderRepository } from '../persistence/order.repository';

/**
 * The events whose handler decides on the order under its row lock. Compensation events
 * (INVENTORY_RELEASED, PAYMENT_REFUNDED) only add a timeline entry and lock nothing.
 */
const DECIDED_UNDER_LOCK: ReadonlySet<EventType> = new Set<EventType>([
  'INVENTORY_RESERVED',
  'INVENTORY_REJECTED',
  'PAYMENT_COMPLETED',
  'PAYMENT_FAILED',
]);

/**
 * Locks every order a batch of inventory and payment events will decide on, in one statement, before
 * the first handler runs: each handler's lockExisting then finds its order in the unit of work. Without
 * it (one event applied alone) the handlers lock their order themselves, with the same result.
 */
@Injectable()
export class OrderBatchPreparation implements BatchPreparation {
  constructor(private readonly orders: OrderRepository) {}

  async inTransaction(manager: EntityManager, events: SagaEvent[]): Promise<void> {
    const ids = events.filter((event) => DECIDED_UNDER_LOCK.has(event.type)).map((event) => event.orderId);
    await this.orders.lockAll(manager, ids);
  }
}
