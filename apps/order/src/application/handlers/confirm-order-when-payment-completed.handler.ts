import { Injectable } from '@nestjs/common';
import { SagaEvent } from '@saga/events';
import { TransactionRunner } from '@saga/messaging';
import { OrderRepository } from '../../persistence/order.repository';
import { TransitionRecorder } from '../transition-recorder';

/**
 * PENDING or RESERVED -> CONFIRMED + ORDER_CONFIRMED. PENDING is accepted because payment events
 * may overtake inventory events (different topics) and a charge proves the reservation. An order
 * already CANCELLED stays so: payment refunds when it receives our ORDER_CANCEL.
 */
@Injectable()
export class ConfirmOrderWhenPaymentCompleted {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly orders: OrderRepository,
    private readonly recorder: TransitionRecorder,
  ) {}

  async handle(event: SagaEvent<'PAYMENT_COMPLETED'>): Promise<void> {
    const { amountCents } = event.payload;
    await this.transactions.runOnce(event, async (manager, emit) => {
      const order = await this.orders.lockExisting(manager, event.orderId);
      const transition = order.notePaymentCompleted(amountCents);
      await this.recorder.record(manager, emit, { order, transition, cause: event });
    });
  }
}
