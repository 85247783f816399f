import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { SagaEvent } from '@saga/events';
import { BatchPreparation } from '@saga/messaging';
import { ProductRepository } from '../persistence/product.repository';
import { ReservationRepository } from '../persistence/reservation.repository';

/**
 * Locks, for a whole batch of order events, everything the handlers will read, in two statements: the
 * reservations of all its orders, then the products of all its lines (new orders' items, and the lines
 * of held reservations a confirmation sells or a cancel releases). Always reservations before products,
 * each sorted, as a handler applied alone takes them: one lock order for every transaction.
 * The handlers then find their rows in the transaction's unit of work; without this they lock lazily.
 */
@Injectable()
export class InventoryBatchPreparation implements BatchPreparation {
  constructor(
    private readonly products: ProductRepository,
    private readonly reservations: ReservationRepository,
  ) {}

  async inTransaction(manager: EntityManager, events: SagaEvent[]): Promise<void> {
    const orderEvents = events.filter((e) => e.type === 'ORDER_CREATED' || e.type === 'ORDER_CONFIRMED' || e.type === 'ORDER_CANCEL');
    if (orderEvents.length === 0) return;
    const held = await this.reservations.lockByOrderIds(manager, orderEvents.map((e) => e.orderId));

    const skus = new Set<string>();
    for (const event of orderEvents) {
      if (event.type === 'ORDER_CREATED') event.payload.items.forEach((item) => skus.add(item.sku));
    }
    for (const reservation of held) {
      if (reservation.status === 'RESERVED') reservation.lines.forEach((line) => skus.add(line.sku));
    }
    if (skus.size > 0) await this.products.lockBySkus(manager, [...skus]);
  }
}
