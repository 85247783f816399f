import { Injectable } from '@nestjs/common';
import { SagaEvent } from '@saga/events';
import { TransactionRunner } from '@saga/messaging';
import { OrderRepository } from '../../persistence/order.repository';
import { TransitionRecorder } from '../transition-recorder';

/**
 * PENDING or RESERVED -> CANCELLED (PAYMENT_DECLINED) + ORDER_CANCEL, so inventory releases the
 * reservation. A failure with reason ORDER_CANCELLED is payment answering our own cancel: no change.
 */
@Injectable()
export class CancelOrderWhenPaymentFailed {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly orders: OrderRepository,
    private readonly recorder: TransitionRecorder,
  ) {}

  async handle(event: SagaEvent<'PAYMENT_FAILED'>): Promise<void> {
    const { reason } = event.payload;
    await this.transactions.runOnce(event, async (manager, emit) => {
      const order = await this.orders.lockExisting(manager, event.orderId);
      const transition = order.notePaymentFailed(reason);
      await this.recorder.record(manager, emit, { order, transition, cause: event });
    });
  }
}
