import { AsyncResource } from 'node:async_hooks';
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
import { GroupCommitQueue, ItemOutcome } from './group-commit-queue';
import { PlaceOrderCommand } from './place-order.command';

export interface PlaceOrderResult {
  order: OrderState;
  /** True when an earlier request with the same Idempotency-Key placed this order. */
  replayed: boolean;
}

/** Enough for a burst to share a commit, small enough that one transaction stays short. */
export const MAX_PLACEMENTS_PER_TRANSACTION = 200;

interface Placement {
  command: PlaceOrderCommand;
  order: Order;
  /**
   * The request's own async context. An outbox row carries the trace context active when its event is
   * emitted, so ORDER_CREATED is emitted in this scope to continue its own request's trace.
   */
  requestScope: AsyncResource;
}

/**
 * Step 1 of the saga: a transaction inserts the PENDING order and appends ORDER_CREATED to the outbox
 * (and to the order's history). Prices and stock are not checked here: that is the saga's job.
 *
 * Placements are group-committed: requests that arrive while a placement transaction is in flight are
 * written together by the next one, with the same few statements whatever their number. Per request
 * nothing changes: its own answer, its own Idempotency-Key outcome, all or nothing with its batch.
 */
@Injectable()
export class PlaceOrderHandler {
  private readonly placements = new GroupCommitQueue<Placement, PlaceOrderResult>(
    (batch) => this.placeAll(batch),
    MAX_PLACEMENTS_PER_TRANSACTION,
  );

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
    // A plain resource: AsyncResource.bind would also build a deprecation wrapper on every request.
    const requestScope = new AsyncResource('OrderPlacement');
    // Settles once the batch's transaction has committed (or failed): counted and logged only then.
    const result = await this.placements.submit({ command, order, requestScope });
    if (!result.replayed) {
      this.sagaMetrics?.noteStarted();
      sagaLogger(this.logger, { transactionId: result.order.transactionId, orderId: order.id }).info('order placed');
    }
    return result;
  }

  /**
   * One transaction for a batch: one INSERT of all orders, where the unique Idempotency-Key decides the
   * winners (not a read-then-insert); one history append and one outbox append for the orders inserted;
   * one read of the winners the others lost to. A database error fails the whole batch.
   */
  private placeAll(batch: Placement[]): Promise<Array<ItemOutcome<PlaceOrderResult>>> {
    return this.transactions.run(async (manager, emit) => {
      const insertedIds = await this.orders.insertUnlessKeyTaken(
        manager,
        batch.map((placement) => placement.order),
      );
      const placed = batch.filter((placement) => insertedIds.has(placement.order.id));
      const created = placed.map((placement) => orderCreated(placement.order));
      await this.history.append(
        manager,
        created.map((event) => ({ event, detail: { payload: event.payload } })),
      );
      placed.forEach((placement, i) => placement.requestScope.runInAsyncScope(() => emit(created[i])));

      const winners = await this.winnersFor(manager, batch.filter((placement) => !insertedIds.has(placement.order.id)));
      return batch.map((placement) =>
        insertedIds.has(placement.order.id)
          ? { status: 'fulfilled', value: { order: placement.order.snapshot(), replayed: false } }
          : outcomeOfRetry(placement.command, winners),
      );
    });
  }

  /** The orders holding the keys of placements whose insert lost (visible now: ON CONFLICT waited for them). */
  private winnersFor(manager: EntityManager, losers: Placement[]): Promise<Map<string, Order>> {
    const keys = losers.flatMap((placement) => placement.command.idempotencyKey ?? []);
    return this.orders.findByIdempotencyKeys(manager, keys);
  }
}

/** The order that took this key first, if this request is a retry of it; else the key was reused (422). */
function outcomeOfRetry(command: PlaceOrderCommand, winners: Map<string, Order>): ItemOutcome<PlaceOrderResult> {
  const key = command.idempotencyKey;
  const existing = key === null ? undefined : winners.get(key);
  if (!existing) return { status: 'rejected', reason: new Error(`Idempotency-Key ${key} conflicted but no order holds it`) };
  if (!existing.isSameRequestAs(command.customerId, command.items)) {
    return { status: 'rejected', reason: new IdempotencyKeyReusedError(key!) };
  }
  return { status: 'fulfilled', value: { order: existing.snapshot(), replayed: true } };
}
