import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SagaEvent } from '@saga/events';
import { TransactionRunner } from '@saga/messaging';
import { onInventoryReserved } from '../../domain/payment';
import { paymentIdFor } from '../../domain/payment-id';
import { Authorization, PAYMENT_GATEWAY, PaymentGateway } from '../ports/payment-gateway.port';
import { PaymentsRepository } from '../../persistence/payments.repository';

type Reserved = SagaEvent<'INVENTORY_RESERVED'>;

/** What the charge handler has in hand before its transaction: the gateway's answer, if the order needed one. */
export interface PreparedReservation {
  authorization?: Authorization;
}

/**
 * The gateway's answers, always obtained before a transaction opens: a slow provider must never hold row
 * locks, least of all a batch's. For a batch they are asked for all at once (concurrently) and kept by
 * eventId for the charge handler; an event applied alone asks for its own.
 */
@Injectable()
export class ReservationAuthorizations {
  /** The reservations of the latest batch, each with its answer if it was to be charged. Replaced per batch. */
  private prepared = new Map<string, PreparedReservation>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PAYMENT_GATEWAY) private readonly gateway: PaymentGateway,
    private readonly payments: PaymentsRepository,
    private readonly transactions: TransactionRunner,
  ) {}

  /**
   * Before a batch's transaction: one read of the orders' payment rows, then the gateway, concurrently, for
   * the reservations that will charge (a row exists for a redelivery or a cancelled order: no call). The
   * answers obtained are kept even when another call fails; that failure is rethrown, and the batch is
   * then applied one event at a time, where the failed event asks again (or is retried).
   */
  async prepareBatch(events: SagaEvent[]): Promise<void> {
    const reservations = events.filter((e): e is Reserved => e.type === 'INVENTORY_RESERVED');
    this.prepared = new Map();
    if (reservations.length === 0) return;
    const existing = await this.payments.findByOrderIds(this.dataSource.manager, reservations.map((e) => e.orderId));
    const answers = new Map<string, Promise<Authorization>>();
    for (const event of reservations) {
      if (onInventoryReserved(existing.get(event.orderId) ?? null).kind !== 'CHARGE') {
        this.prepared.set(event.eventId, {});
      } else if (!answers.has(event.orderId)) {
        // Two reservations of one order share one call: the provider would answer the same payment id alike.
        answers.set(event.orderId, this.authorize(event));
      }
    }
    const settled = await Promise.allSettled(answers.values());
    const byOrder = new Map([...answers.keys()].map((orderId, i) => [orderId, settled[i]]));
    for (const event of reservations) {
      const answer = byOrder.get(event.orderId);
      if (answer?.status === 'fulfilled') this.prepared.set(event.eventId, { authorization: answer.value });
    }
    const failure = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failure) throw failure.reason;
  }

  /**
   * What was prepared for this reservation; an empty preparation (no answer) when it runs in an open batch
   * that prepared nothing for it; undefined when it is applied alone and must ask the gateway itself.
   */
  preparedFor(event: Reserved): PreparedReservation | undefined {
    const prepared = this.prepared.get(event.eventId);
    if (prepared) return prepared;
    return this.transactions.inBatch() ? {} : undefined;
  }

  /** Never inside a transaction. Throws TransientError when the provider cannot be reached. */
  authorize(event: Reserved): Promise<Authorization> {
    const { customerId, totalCents: amountCents } = event.payload;
    return this.gateway.authorize({ paymentId: paymentIdFor(event.orderId), orderId: event.orderId, customerId, amountCents });
  }
}
