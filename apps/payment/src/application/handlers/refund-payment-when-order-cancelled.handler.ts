import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { createEvent, SagaEvent } from '@saga/events';
import { Emit, Logger, sagaLogger, SERVICE_LOGGER, TransactionRunner } from '@saga/messaging';
import { onOrderCancelled, SettledPayment } from '../../domain/payment';
import { paymentIdFor } from '../../domain/payment-id';
import { AccountsRepository } from '../../persistence/accounts.repository';
import { LedgerRepository } from '../../persistence/ledger.repository';
import { PaymentRowTaken, PaymentsRepository } from '../../persistence/payments.repository';

type Cancel = SagaEvent<'ORDER_CANCEL'>;

/**
 * Saga step 5' (compensation): the order is cancelled, give the money back if it was taken.
 * If nothing was charged yet, leave a VOIDED tombstone so a late INVENTORY_RESERVED never
 * charges. Tolerates "nothing to undo", redeliveries and any arrival order.
 */
@Injectable()
export class RefundPaymentWhenOrderCancelledHandler {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly payments: PaymentsRepository,
    private readonly accounts: AccountsRepository,
    private readonly ledger: LedgerRepository,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  async handle(event: Cancel): Promise<void> {
    try {
      await this.transactions.runOnce(event, (manager, emit) => this.apply(manager, emit, event));
    } catch (error) {
      if (!(error instanceof PaymentRowTaken)) throw error;
      // Applied alone, its tombstone was written at its own commit and lost to a charge that committed
      // after our locking read found no row. That row is there now: look again (in a batch the whole
      // batch rolled back instead, and its events are applied one by one).
      await this.transactions.runOnce(event, (manager, emit) => this.apply(manager, emit, event));
    }
  }

  private async apply(manager: EntityManager, emit: Emit, event: Cancel): Promise<void> {
    const step = onOrderCancelled(await this.payments.lockByOrderId(manager, event.orderId));
    switch (step.kind) {
      case 'VOID':
        // Written at the commit with ON CONFLICT DO NOTHING; a charge committed since our read makes it PaymentRowTaken.
        this.payments.addTombstone(manager, { orderId: event.orderId, paymentId: paymentIdFor(event.orderId), reason: event.payload.reason });
        return void sagaLogger(this.logger, event).info({ reason: event.payload.reason }, 'payment voided before any charge');
      case 'REFUND':
        return this.refund(manager, emit, event, step.payment);
      case 'NOTHING_TO_UNDO':
        return void sagaLogger(this.logger, event).info({ because: step.because }, 'cancel needs no refund');
    }
  }

  private async refund(manager: EntityManager, emit: Emit, event: Cancel, payment: SettledPayment): Promise<void> {
    const { paymentId, customerId, amountCents } = payment;
    // The row is locked and CHARGED, so this guarded update changes it; checked all the same.
    if (!(await this.payments.markRefunded(manager, event.orderId))) {
      throw new Error(`payment of order ${event.orderId} changed status under our row lock`);
    }
    await this.accounts.credit(manager, customerId, amountCents);
    this.ledger.record(manager, { customerId, kind: 'REFUND', amountCents, orderId: event.orderId });
    sagaLogger(this.logger, event).info({ paymentId, amountCents }, 'payment refunded');
    emit(
      createEvent('PAYMENT_REFUNDED', {
        transactionId: event.transactionId,
        orderId: event.orderId,
        payload: { paymentId, customerId, amountCents },
      }),
    );
  }
}
