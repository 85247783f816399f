import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Logger, SagaMetrics, SERVICE_LOGGER, sagaLogger, TransactionRunner } from '@saga/messaging';
import { Order, OrderState } from '../../domain/order';
import { IdempotencyKeyReusedError } from '../../domain/order.errors';
import { ORDER_CONFIG, OrderConfig } from '../../config/order.config';
import { OrderRepository } from '../../persistence/order.repository';
import { OrderHistoryRepository } from '../../persistence/order-history.repository';
import { orderCreated } from '../order-events';
import { PlaceOrderCommand } from './place-order.command';

export interface PlaceOrderResult {
  order: OrderState;
  /** True when an earlier request with the same Idempotency-Key placed this order. */
  replayed: boolean;
}

/**
 * Step 1 of the saga: one transaction inserts the PENDING order and appends ORDER_CREATED to the
 * outbox (and to the order's history). Prices and stock are not checked here: that is the saga's job.
 */
@Injectable()
export class PlaceOrderHandler {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly orders: OrderRepository,
    private readonly history: OrderHistoryRepository,
    @Inject(ORDER_CONFIG) private readonly config: Pick<OrderConfig, 'ORDER_DEADLINE_MS'>,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
    /** Absent where the service is hosted without metrics (tests). */
    @Optional() private readonly sagaMetrics?: SagaMetrics,
  ) {}

  async execute(command: PlaceOrderCommand): Promise<PlaceOrderResult> {
    const order = Order.place({
      id: randomUUID(),
      transactionId: randomUUID(),
      customerId: command.customerId,
      items: command.items,
      idempotencyKey: command.idempotencyKey,
      now: new Date(),
      deadlineMs: this.config.ORDER_DEADLINE_MS,
    });
    const result = await this.transactions.run(async (manager, emit): Promise<PlaceOrderResult> => {
      // The unique key, not a read-then-insert, decides which of two concurrent retries wins.
      if (!(await this.orders.insertUnlessKeyTaken(manager, order))) {
        return { order: await this.winnerOf(manager, command), replayed: true };
      }
      const created = orderCreated(order);
      await this.history.append(manager, [{ event: created, detail: { payload: created.payload } }]);
      emit(created);
      return { order: order.snapshot(), replayed: false };
    });
    if (!result.replayed) {
      this.sagaMetrics?.noteStarted();
      sagaLogger(this.logger, { transactionId: result.order.transactionId, orderId: order.id }).info('order placed');
    }
    return result;
  }

  /** The order that took this key first, if this request is a retry of it; else the key was reused (422). */
  private async winnerOf(manager: EntityManager, command: PlaceOrderCommand): Promise<OrderState> {
    const key = command.idempotencyKey!;
    const existing = await this.orders.findByIdempotencyKey(manager, key);
    if (!existing) throw new Error(`Idempotency-Key ${key} conflicted but no order holds it`);
    if (!existing.isSameRequestAs(command.customerId, command.items)) throw new IdempotencyKeyReusedError(key);
    return existing.snapshot();
  }
}
