import { Module } from '@nestjs/common';
import { OrderRepository } from './persistence/order.repository';
import { OrderHistoryRepository } from './persistence/order-history.repository';
import { TransitionRecorder } from './application/transition-recorder';
import { OrderBatchPreparation } from './application/order-batch-preparation';
import { PlaceOrderHandler } from './application/place-order/place-order.handler';
import { CancelOrderHandler } from './application/cancel-order/cancel-order.handler';
import { OrderQueries } from './application/queries/order-queries';
import { CancelOverdueOrdersHandler } from './application/deadline/cancel-overdue-orders.handler';
import { DeadlineSweeper } from './application/deadline/deadline-sweeper';
import { NoteReservationWhenInventoryReserved } from './application/handlers/note-reservation-when-inventory-reserved.handler';
import { CancelOrderWhenInventoryRejected } from './application/handlers/cancel-order-when-inventory-rejected.handler';
import { ConfirmOrderWhenPaymentCompleted } from './application/handlers/confirm-order-when-payment-completed.handler';
import { CancelOrderWhenPaymentFailed } from './application/handlers/cancel-order-when-payment-failed.handler';
import { RecordCompensationWhenReleasedOrRefunded } from './application/handlers/record-compensation-when-released-or-refunded.handler';
import { OrdersController } from './http/orders.controller';
import { OrderEventsController } from './messaging/order-events.controller';

/**
 * The order service's own parts. It expects from its host: ORDER_CONFIG, a TypeORM DataSource,
 * and TransactionRunner + SERVICE_LOGGER (MessagingModule), so tests can host it without Kafka.
 */
@Module({
  controllers: [OrdersController, OrderEventsController],
  providers: [
    OrderRepository,
    OrderHistoryRepository,
    TransitionRecorder,
    OrderBatchPreparation,
    PlaceOrderHandler,
    CancelOrderHandler,
    OrderQueries,
    CancelOverdueOrdersHandler,
    DeadlineSweeper,
    NoteReservationWhenInventoryReserved,
    CancelOrderWhenInventoryRejected,
    ConfirmOrderWhenPaymentCompleted,
    CancelOrderWhenPaymentFailed,
    RecordCompensationWhenReleasedOrRefunded,
  ],
})
export class OrderModule {}
