import { Inject, Injectable } from '@nestjs/common';
import { createEvent, SagaEvent } from '@saga/events';
import { Logger, SERVICE_LOGGER, sagaLogger, TransactionRunner } from '@saga/messaging';
import { CancelOutcome, noteOrderCancelled } from '../../domain/reservation';
import { ProductRepository } from '../../persistence/product.repository';
import { ReservationRepository } from '../../persistence/reservation.repository';

/**
 * Saga step 5' (compensation): give a cancelled order's held units back. Idempotent and
 * tolerant of "nothing to undo"; a cancel that overtakes ORDER_CREATED leaves a tombstone.
 */
@Injectable()
export class ReleaseStockWhenOrderCancelHandler {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly products: ProductRepository,
    private readonly reservations: ReservationRepository,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  async handle(event: SagaEvent<'ORDER_CANCEL'>): Promise<void> {
    const { transactionId, orderId } = event;
    let outcome: CancelOutcome | undefined;

    const applied = await this.transactions.runOnce(event, async (manager, emit) => {
      const reservation = await this.reservations.lockByOrderId(manager, orderId);
      outcome = noteOrderCancelled(reservation);

      if (outcome.kind === 'TOMBSTONED') {
        this.reservations.insert(manager, { orderId, customerId: null, status: 'CANCELLED', lines: [], totalCents: null });
      } else if (outcome.kind === 'RELEASED') {
        this.reservations.changeStatus(manager, orderId, outcome.from, outcome.to);
        await this.products.lockBySkus(manager, outcome.quantities.map((line) => line.sku));
        this.products.move(manager, 'RELEASE', outcome.quantities);
        emit(createEvent('INVENTORY_RELEASED', { transactionId, orderId, payload: { items: outcome.lines } }));
      }
    });

    const log = sagaLogger(this.logger, event);
    if (!applied || !outcome) log.debug('ORDER_CANCEL already applied; redelivery ignored');
    else if (outcome.kind === 'RELEASED') log.info({ reason: event.payload.reason }, 'reserved stock released');
    else if (outcome.kind === 'TOMBSTONED') log.info('cancel came before the order; tombstone left so it is never reserved');
    else if (outcome.anomaly) log.warn({ status: outcome.status }, 'cancel for a sold order; the sale stands');
    else log.info({ status: outcome.status }, 'nothing held for this order; nothing to release');
  }
}
