import { Inject, Injectable } from '@nestjs/common';
import { createEvent, SagaEvent } from '@saga/events';
import { Logger, SERVICE_LOGGER, sagaLogger, TransactionRunner } from '@saga/messaging';
import { reserveAllOrNothing, ReservationDecision } from '../../domain/reserve-all-or-nothing';
import { quantitiesBySku } from '../../domain/stock';
import { ProductRepository } from '../../persistence/product.repository';
import { ReservationRepository } from '../../persistence/reservation.repository';

/** Saga step 2: reserve every line of a new order, or none, and tell the saga which. */
@Injectable()
export class ReserveStockWhenOrderCreatedHandler {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly products: ProductRepository,
    private readonly reservations: ReservationRepository,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  async handle(event: SagaEvent<'ORDER_CREATED'>): Promise<void> {
    const { transactionId, orderId } = event;
    const { customerId, items } = event.payload;
    let decision: ReservationDecision | undefined;

    const applied = await this.transactions.runOnce(event, async (manager, emit) => {
      // A row already there is a tombstone (the cancel came first) or this order under another
      // event id: either way it was decided before, and deciding again could reserve twice.
      if (await this.reservations.lockByOrderId(manager, orderId)) return;

      const stock = await this.products.lockBySkus(manager, quantitiesBySku(items).map((line) => line.sku));
      decision = reserveAllOrNothing(items, stock);

      if (decision.kind === 'REJECTED') {
        this.reservations.insert(manager, { orderId, customerId, status: 'REJECTED', lines: items, totalCents: null });
        emit(
          createEvent('INVENTORY_REJECTED', {
            transactionId,
            orderId,
            payload: { reason: decision.reason, lines: decision.shortfalls },
          }),
        );
        return;
      }

      const { lines, totalCents, quantities } = decision;
      this.reservations.insert(manager, { orderId, customerId, status: 'RESERVED', lines, totalCents });
      this.products.move(manager, 'RESERVE', quantities);
      emit(createEvent('INVENTORY_RESERVED', { transactionId, orderId, payload: { customerId, items: lines, totalCents } }));
    });

    const log = sagaLogger(this.logger, event);
    if (!applied) log.debug('ORDER_CREATED already applied; redelivery ignored');
    else if (!decision) log.warn('order already has a reservation or a cancel tombstone; nothing reserved');
    else if (decision.kind === 'RESERVED') log.info({ totalCents: decision.totalCents }, 'stock reserved');
    else log.info({ reason: decision.reason, shortfalls: decision.shortfalls }, 'stock rejected');
  }
}
