import { Inject, Injectable } from '@nestjs/common';
import { SagaEvent } from '@saga/events';
import { Logger, SERVICE_LOGGER, sagaLogger, TransactionRunner } from '@saga/messaging';
import { ConfirmOutcome, noteOrderConfirmed } from '../../domain/reservation';
import { ProductRepository } from '../../persistence/product.repository';
import { ReservationRepository } from '../../persistence/reservation.repository';

/** Saga step 5: the order is final, so its held units become sold. Emits nothing: the saga ends here. */
@Injectable()
export class SellStockWhenOrderConfirmedHandler {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly products: ProductRepository,
    private readonly reservations: ReservationRepository,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  async handle(event: SagaEvent<'ORDER_CONFIRMED'>): Promise<void> {
    const { orderId } = event;
    let outcome: ConfirmOutcome | undefined;

    const applied = await this.transactions.runOnce(event, async (manager) => {
      const reservation = await this.reservations.lockByOrderId(manager, orderId);
      outcome = noteOrderConfirmed(reservation);
      if (outcome.kind === 'UNCHANGED') return;

      this.reservations.changeStatus(manager, orderId, outcome.from, outcome.to);
      await this.products.lockBySkus(manager, outcome.quantities.map((line) => line.sku));
      this.products.move(manager, 'SELL', outcome.quantities);
    });

    const log = sagaLogger(this.logger, event);
    if (!applied || !outcome) log.debug('ORDER_CONFIRMED already applied; redelivery ignored');
    else if (outcome.kind === 'SOLD') log.info('reserved stock sold');
    else if (outcome.anomaly) log.warn({ status: outcome.status }, 'order confirmed but its stock is not held; nothing changed');
    else log.info({ status: outcome.status }, 'reservation already sold; nothing changed');
  }
}
