import { Inject, Injectable } from '@nestjs/common';
import { TransactionRunner } from '@saga/messaging';
import { ORDER_CONFIG, OrderConfig } from '../../config/order.config';
import { OrderRepository } from '../../persistence/order.repository';
import { TransitionRecorder } from '../transition-recorder';

/**
 * Cancels (TIMEOUT + ORDER_CANCEL) every order still open past its deadline, so no saga stays
 * stuck when a participant is down or an event is lost. Batches are locked with SKIP LOCKED:
 * several instances sweep side by side, and an order an event handler holds is left to it.
 */
@Injectable()
export class CancelOverdueOrdersHandler {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly orders: OrderRepository,
    private readonly recorder: TransitionRecorder,
    @Inject(ORDER_CONFIG) private readonly config: Pick<OrderConfig, 'DEADLINE_SWEEP_BATCH'>,
  ) {}

  /** Returns how many orders were cancelled. */
  async execute(now: Date): Promise<number> {
    const batchSize = this.config.DEADLINE_SWEEP_BATCH;
    let cancelled = 0;
    for (;;) {
      // One transaction per batch: each order's cancel commits together with its ORDER_CANCEL.
      const found = await this.transactions.run(async (manager, emit) => {
        const overdue = await this.orders.lockOverdue(manager, now, batchSize);
        for (const order of overdue) {
          const transition = order.cancel('TIMEOUT');
          await this.recorder.record(manager, emit, { order, transition });
          if (transition.changed) cancelled++;
        }
        return overdue.length;
      });
      if (found < batchSize) return cancelled;
    }
  }
}
