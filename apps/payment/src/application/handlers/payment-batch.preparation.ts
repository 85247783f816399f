import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { SagaEvent } from '@saga/events';
import { BatchPreparation } from '@saga/messaging';
import { AccountsRepository } from '../../persistence/accounts.repository';
import { PaymentsRepository } from '../../persistence/payments.repository';
import { ReservationAuthorizations } from './reservation-authorizations';

/**
 * A batch of INVENTORY_RESERVED and ORDER_CANCEL events in a handful of statements: the gateway is asked
 * for every charge before the transaction opens, then the batch's payment rows and accounts are locked in
 * two statements, and the handlers find them in the transaction's unit of work.
 */
@Injectable()
export class PaymentBatchPreparation implements BatchPreparation {
  constructor(
    private readonly authorizations: ReservationAuthorizations,
    private readonly payments: PaymentsRepository,
    private readonly accounts: AccountsRepository,
  ) {}

  beforeTransaction(events: SagaEvent[]): Promise<void> {
    return this.authorizations.prepareBatch(events);
  }

  /**
   * Payments first, then accounts, each in key order: the order in which every payment transaction, batch
   * or single event, takes its row locks, so two of them contending for rows wait instead of deadlocking.
   */
  async inTransaction(manager: EntityManager, events: SagaEvent[]): Promise<void> {
    const handled = events.filter((e) => e.type === 'INVENTORY_RESERVED' || e.type === 'ORDER_CANCEL');
    const payments = await this.payments.lockAll(manager, handled.map((e) => e.orderId));
    const customers: string[] = [];
    for (const event of handled) {
      if (event.type === 'INVENTORY_RESERVED') customers.push(event.payload.customerId);
      // A cancel credits back only a CHARGED payment's customer.
      const payment = payments.get(event.orderId);
      if (event.type === 'ORDER_CANCEL' && payment?.status === 'CHARGED') customers.push(payment.customerId);
    }
    await this.accounts.lockAll(manager, customers);
  }
}
