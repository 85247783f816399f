import { Injectable } from '@nestjs/common';
import { SagaEvent } from '@saga/events';
import { TransactionRunner } from '@saga/messaging';
import { OrderRepository } from '../../persistence/order.repository';
import { TransitionRecorder } from '../transition-recorder';

/**
 * PENDING -> CANCELLED (OUT_OF_STOCK) + ORDER_CANCEL. Nothing was reserved, but ORDER_CANCEL is
 * still announced: it is the one signal that this saga is over, whatever each participant did.
 */
@Injectable()
export class CancelOrderWhenInventoryRejected {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly orders: OrderRepository,
    private readonly recorder: TransitionRecorder,
  ) {}

  async handle(event: SagaEvent<'INVENTORY_REJECTED'>): Promise<void> {
    const { reason } = event.payload;
    await this.transactions.runOnce(event, async (manager, emit) => {
      const order = await this.orders.lockExisting(manager, event.orderId);
      const transition = order.noteInventoryRejected(reason);
      await this.recorder.record(manager, emit, { order, transition, cause: event });
    });
  }
}
