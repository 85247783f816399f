import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '@saga/messaging';
import { OrderState } from '../../domain/order';
import { OrderAlreadyFinalError, OrderNotFoundError } from '../../domain/order.errors';
import { OrderRepository } from '../../persistence/order.repository';
import { TransitionRecorder } from '../transition-recorder';

/**
 * The customer cancels while the saga is in flight: CANCELLED (CUSTOMER_CANCELLED) + ORDER_CANCEL,
 * under the row lock, so it serialises with a PAYMENT_COMPLETED being applied. Whichever commits
 * first wins; a charge that loses is refunded by payment when it sees ORDER_CANCEL.
 */
@Injectable()
export class CancelOrderHandler {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly orders: OrderRepository,
    private readonly recorder: TransitionRecorder,
  ) {}

  async execute(orderId: string): Promise<OrderState> {
    return this.transactions.run(async (manager, emit) => {
      const order = await this.orders.lock(manager, orderId);
      if (!order) throw new OrderNotFoundError(orderId);
      const transition = order.cancel('CUSTOMER_CANCELLED');
      if (!transition.changed) throw new OrderAlreadyFinalError(order.id, order.status);
      await this.recorder.record(manager, emit, { order, transition });
      return order.snapshot();
    });
  }
}
