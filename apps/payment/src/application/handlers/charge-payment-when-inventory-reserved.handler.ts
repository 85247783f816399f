import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { createEvent, SagaEvent } from '@saga/events';
import { Emit, Logger, sagaLogger, SERVICE_LOGGER, TransactionRunner } from '@saga/messaging';
import { chargeOutcome, DeclineReason, onInventoryReserved } from '../../domain/payment';
import { paymentIdFor } from '../../domain/payment-id';
import { Authorization } from '../ports/payment-gateway.port';
import { AccountsRepository } from '../../persistence/accounts.repository';
import { LedgerRepository } from '../../persistence/ledger.repository';
import { PaymentsRepository } from '../../persistence/payments.repository';
import { ReservationAuthorizations } from './reservation-authorizations';

type Reserved = SagaEvent<'INVENTORY_RESERVED'>;

/**
 * Saga step 3: stock is reserved, take the money. The gateway is asked first, outside any
 * transaction (for a batch, by PaymentBatchPreparation before the batch's transaction); then one
 * local transaction decides on the locked payment row, records the outcome, moves the money in
 * the ledger and appends PAYMENT_COMPLETED or PAYMENT_FAILED to the outbox.
 */
@Injectable()
export class ChargePaymentWhenInventoryReservedHandler {
  constructor(
    private readonly transactions: TransactionRunner,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly authorizations: ReservationAuthorizations,
    private readonly payments: PaymentsRepository,
    private readonly accounts: AccountsRepository,
    private readonly ledger: LedgerRepository,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  async handle(event: Reserved): Promise<void> {
    const prepared = this.authorizations.preparedFor(event);
    if (prepared) {
      await this.transactions.runOnce(event, (manager, emit) => this.apply(manager, emit, event, prepared.authorization));
      return;
    }
    // Alone. Payment rows are never deleted, so a row seen here is still there inside the transaction:
    // a redelivery, or a reservation for a cancelled order, never reaches the gateway.
    const step = onInventoryReserved(await this.payments.findByOrderId(this.dataSource.manager, event.orderId));
    if (step.kind === 'NOTHING_TO_DO') {
      sagaLogger(this.logger, event).info({ because: step.because }, 'reservation needs no payment');
      return;
    }
    // Never inside a transaction: a slow provider must not hold row locks. A TransientError
    // thrown here leaves nothing written, and the transport retries the event later.
    const authorization = step.kind === 'CHARGE' ? await this.authorizations.authorize(event) : undefined;
    await this.transactions.runOnce(event, (manager, emit) => this.apply(manager, emit, event, authorization));
  }

  /** Decides again on the locked row: in a batch, an earlier event (a cancel) may have changed it. */
  private async apply(manager: EntityManager, emit: Emit, event: Reserved, authorization?: Authorization): Promise<void> {
    const step = onInventoryReserved(await this.payments.lockByOrderId(manager, event.orderId));
    switch (step.kind) {
      case 'CHARGE':
        if (!authorization) {
          // Asking now would hold the batch's locks for the provider's latency: apply the batch one by one instead.
          throw new Error(`order ${event.orderId} needs a gateway authorization that was not obtained before its transaction`);
        }
        return this.charge(manager, emit, event, authorization);
      case 'REPORT_CANCELLED':
        return this.reportCancelled(manager, emit, event);
      case 'NOTHING_TO_DO':
        return void sagaLogger(this.logger, event).info({ because: step.because }, 'reservation needs no payment');
    }
  }

  private async charge(manager: EntityManager, emit: Emit, event: Reserved, authorization: Authorization): Promise<void> {
    const { orderId } = event;
    const { customerId, totalCents: amountCents } = event.payload;
    const paymentId = paymentIdFor(orderId);
    const authorized = authorization === 'APPROVED';
    const debited = authorized && (await this.accounts.debit(manager, customerId, amountCents));
    const customerKnown = debited || (await this.accounts.exists(manager, customerId));
    const outcome = chargeOutcome({ customerKnown, authorized, debited });

    // Written at the commit with ON CONFLICT DO NOTHING: if an ORDER_CANCEL committed its tombstone
    // since our locking read found no row, the whole transaction (the debit with it) rolls back with
    // a TransientError (PaymentRowTaken), and the retry finds the tombstone and charges nothing.
    this.payments.add(manager, { orderId, paymentId, customerId, amountCents, ...outcome });
    const log = sagaLogger(this.logger, event);
    if (outcome.status === 'DECLINED') {
      log.info({ reason: outcome.reason, amountCents }, 'payment declined');
      emit(paymentFailed(event, outcome.reason));
      return;
    }
    this.ledger.record(manager, { customerId, kind: 'CHARGE', amountCents, orderId });
    log.info({ paymentId, amountCents }, 'payment charged');
    emit(
      createEvent('PAYMENT_COMPLETED', {
        transactionId: event.transactionId,
        orderId,
        payload: { paymentId, customerId, amountCents },
      }),
    );
  }

  /** The order was cancelled before its stock was reserved: the timeline shows why nothing was charged, once. */
  private async reportCancelled(manager: EntityManager, emit: Emit, event: Reserved): Promise<void> {
    const { customerId, totalCents } = event.payload;
    if (!(await this.payments.completeTombstone(manager, event.orderId, customerId, totalCents))) return;
    sagaLogger(this.logger, event).info('reservation arrived after the cancel: nothing charged');
    emit(paymentFailed(event, 'ORDER_CANCELLED'));
  }
}

function paymentFailed(event: Reserved, reason: DeclineReason | 'ORDER_CANCELLED'): SagaEvent<'PAYMENT_FAILED'> {
  const { customerId, totalCents: amountCents } = event.payload;
  return createEvent('PAYMENT_FAILED', {
    transactionId: event.transactionId,
    orderId: event.orderId,
    payload: { customerId, amountCents, reason },
  });
}
