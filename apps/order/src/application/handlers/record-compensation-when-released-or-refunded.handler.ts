import { Inject, Injectable } from '@nestjs/common';
import { SagaEvent } from '@saga/events';
import { Logger, SERVICE_LOGGER, sagaLogger, TransactionRunner } from '@saga/messaging';
import { OrderHistoryRepository } from '../../persistence/order-history.repository';

/**
 * INVENTORY_RELEASED / PAYMENT_REFUNDED: a participant finished compensating a cancelled order.
 * Nothing to decide, so no row lock: the entry only completes the order's timeline. (An unknown
 * order fails the history's foreign key, and the event ends in the dead-letter topic.)
 */
@Injectable()
export class RecordCompensationWhenReleasedOrRefunded {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly history: OrderHistoryRepository,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  async handle(event: SagaEvent<'INVENTORY_RELEASED' | 'PAYMENT_REFUNDED'>): Promise<void> {
    const applied = await this.transactions.runOnce(event, async (manager) => {
      await this.history.append(manager, [{ event, detail: { payload: event.payload, effect: 'compensation completed' } }]);
    });
    if (applied) sagaLogger(this.logger, event).info('compensation recorded');
  }
}
