import { Injectable } from '@nestjs/common';
import { SagaEvent } from '@saga/events';
import { TransactionRunner } from '@saga/messaging';
import { OrderRepository } from '../../persistence/order.repository';
import { TransitionRecorder } from '../transition-recorder';

/** PENDING -> RESERVED with the total inventory priced; a late reservation (order already final) changes nothing. */
@Injectable()
export class NoteReservationWhenInventoryReserved {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly orders: OrderRepository,
    private readonly recorder: TransitionRecorder,
  ) {}

  async handle(event: SagaEvent<'INVENTORY_RESERVED'>): Promise<void> {
    const { totalCents } = event.payload;
    await this.transactions.runOnce(event, async (manager, emit) => {
      const order = await this.orders.lockExisting(manager, event.orderId);
      const transition = order.noteInventoryReserved(totalCents);
      await this.recorder.record(manager, emit, { order, transition, cause: event });
    });
  }
}
