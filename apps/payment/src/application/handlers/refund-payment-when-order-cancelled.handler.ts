import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { createEvent, SagaEvent } from '@saga/events';
import { Emit, Logger, sagaLogger, SERVICE_LOGGER, TransactionRunner } from '@saga/messaging';
import { onOrderCancelled, SettledPayment } from '../../domain/payment';
import { paymentIdFor } from '../../domain/payment-id';
import { AccountsRepository } from '../../persistence/accounts.repository';
import { LedgerRepository } from '../../persistence/ledger.repository';
import { PaymentsRepository } from '../../persistence/payments.repository';

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
    const log = sagaLogger(this.logger, event);
    await this.transactions.runOnce(event, async (manager, emit) => {
      let step = onOrderCancelled(await this.payments.lockByOrderId(manager, event.orderId));
      if (step.kind === 'VOID') {
        const tombstone = { orderId: event.orderId, paymentId: paymentIdFor(event.orderId), reason: event.payload.reason };
        if (await this.payments.insertTombstone(manager, tombstone)) {
          log.info({ reason: event.payload.reason }, 'payment voided before any charge');
          return;
        }
        // A charge committed between our SELECT and our INSERT: its row is visible now, look again.
        step = onOrderCancelled(await this.payments.lockByOrderId(manager, event.orderId));
      }
      switch (step.kind) {
        case 'REFUND':
          return this.refund(manager, emit, event, step.payment);
        case 'NOTHING_TO_UNDO':
          return void log.info({ because: step.because }, 'cancel needs no refund');
        case 'VOID':
          throw new Error(`order ${event.orderId}: the payment row that blocked the tombstone is not there`);
      }
    });
  }

  private async refund(manager: EntityManager, emit: Emit, event: Cancel, payment: SettledPayment): Promise<void> {
    const { paymentId, customerId, amountCents } = payment;
    // The row is locked and CHARGED, so this guarded update changes it; checked all the same.
    if (!(await this.payments.markRefunded(manager, event.orderId))) {
      throw new Error(`payment of order ${event.orderId} changed status under our row lock`);
    }
    await this.accounts.credit(manager, customerId, amountCents);
    await this.ledger.record(manager, { customerId, kind: 'REFUND', amountCents, orderId: event.orderId });
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
