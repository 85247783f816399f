import { DataSource } from 'typeorm';
import pino from 'pino';
import { SagaEvent, parseEvent } from '@saga/events';
import { OutboxRelay, TransactionRunner } from '@saga/messaging';
import { createTestDatabase, TestDatabase } from '@saga/testing';
import { OrderConfig, loadOrderConfig } from '../config/order.config';
import { orderDataSourceOptions } from '../persistence/order-data-source';
import { OrderRepository } from '../persistence/order.repository';
import { OrderHistoryRepository } from '../persistence/order-history.repository';
import { TransitionRecorder } from '../application/transition-recorder';
import { OrderBatchPreparation } from '../application/order-batch-preparation';
import { PlaceOrderHandler } from '../application/place-order/place-order.handler';
import { CancelOrderHandler } from '../application/cancel-order/cancel-order.handler';
import { CancelOverdueOrdersHandler } from '../application/deadline/cancel-overdue-orders.handler';
import { NoteReservationWhenInventoryReserved } from '../application/handlers/note-reservation-when-inventory-reserved.handler';
import { CancelOrderWhenInventoryRejected } from '../application/handlers/cancel-order-when-inventory-rejected.handler';
import { ConfirmOrderWhenPaymentCompleted } from '../application/handlers/confirm-order-when-payment-completed.handler';
import { CancelOrderWhenPaymentFailed } from '../application/handlers/cancel-order-when-payment-failed.handler';
import { RecordCompensationWhenReleasedOrRefunded } from '../application/handlers/record-compensation-when-released-or-refunded.handler';
import { RecordingBus } from './recording-bus';
import { eventsFor } from './saga-events';

export const silentLogger = pino({ level: 'silent' });

/**
 * The order service's application layer wired by hand on a fresh, migrated test database, with
 * an outbox relay that is never started: emitted events stay in outbox_message for assertions.
 */
export async function startOrderTestContext(prefix: string, overrides: Partial<OrderConfig> = {}) {
  const database: TestDatabase = await createTestDatabase(prefix);
  const dataSource = new DataSource(orderDataSourceOptions(database.url));
  await dataSource.initialize();
  const config: OrderConfig = { ...loadOrderConfig({ DATABASE_URL: database.url }), ...overrides };

  const relay = new OutboxRelay(dataSource, new RecordingBus(), silentLogger, { batchSize: 100, pollIntervalMs: 1000, lockKey: 1 });
  const transactions = new TransactionRunner(dataSource, relay, { consumer: 'order' });
  const orders = new OrderRepository();
  const history = new OrderHistoryRepository();
  const recorder = new TransitionRecorder(orders, history, silentLogger);

  const placeOrder = new PlaceOrderHandler(transactions, orders, history, config, silentLogger);
  const reactions = {
    inventoryReserved: new NoteReservationWhenInventoryReserved(transactions, orders, recorder),
    inventoryRejected: new CancelOrderWhenInventoryRejected(transactions, orders, recorder),
    paymentCompleted: new ConfirmOrderWhenPaymentCompleted(transactions, orders, recorder),
    paymentFailed: new CancelOrderWhenPaymentFailed(transactions, orders, recorder),
    compensated: new RecordCompensationWhenReleasedOrRefunded(transactions, history, silentLogger),
  };
  const batchPreparation = new OrderBatchPreparation(orders);

  return {
    config,
    dataSource,
    placeOrder,
    cancelOrder: new CancelOrderHandler(transactions, orders, recorder),
    cancelOverdue: new CancelOverdueOrdersHandler(transactions, orders, recorder, config),
    reactions,

    /** Applies events as the consumer applies a fetch: one transaction, rows locked by the batch preparation first. */
    async applyBatch(events: SagaEvent[]): Promise<void> {
      await transactions.runBatch(events, (event) => reactTo(reactions, event), batchPreparation.inTransaction.bind(batchPreparation));
    },

    /** Places a PENDING order (ORDER_CREATED in the outbox) and returns the events the others may send about it. */
    async placed(customerId = 'alice') {
      const { order } = await placeOrder.execute({
        customerId,
        items: [{ sku: 'KEYBOARD-01', quantity: 1 }],
        idempotencyKey: null,
      });
      const ids = { orderId: order.id, transactionId: order.transactionId };
      return { ...ids, events: eventsFor({ ...ids, customerId }) };
    },
    /** The order's row as stored. */
    async order(orderId: string) {
      const row = await orders.findById(dataSource.manager, orderId);
      if (!row) throw new Error(`no order ${orderId}`);
      return row;
    },
    /** Events waiting in the outbox (oldest first), optionally only those of one order. */
    async outbox(orderId?: string): Promise<SagaEvent[]> {
      const rows: Array<{ value: string }> = await dataSource.query(
        `SELECT value FROM outbox_message WHERE $1::uuid IS NULL OR message_key = $1::text ORDER BY id`,
        [orderId ?? null],
      );
      return rows.map((row) => parseEvent(row.value));
    },
    /** The order's timeline as (event type, service) pairs, in timeline order. */
    async timeline(orderId: string): Promise<string[]> {
      const rows = await history.timelineOf(dataSource.manager, orderId);
      return rows.map((row) => `${row.eventType} (${row.service})`);
    },
    async close() {
      await dataSource.destroy();
      await database.drop();
    },
  };
}

export type OrderTestContext = Awaited<ReturnType<typeof startOrderTestContext>>;

/** The routing of OrderEventsController, for specs that apply events without Nest. */
function reactTo(reactions: Record<string, { handle(event: never): Promise<void> }>, event: SagaEvent): Promise<void> {
  const reaction = {
    INVENTORY_RESERVED: reactions.inventoryReserved,
    INVENTORY_REJECTED: reactions.inventoryRejected,
    PAYMENT_COMPLETED: reactions.paymentCompleted,
    PAYMENT_FAILED: reactions.paymentFailed,
    INVENTORY_RELEASED: reactions.compensated,
    PAYMENT_REFUNDED: reactions.compensated,
  }[event.type as string];
  if (!reaction) throw new Error(`no reaction to ${event.type}`);
  return reaction.handle(event as never);
}
