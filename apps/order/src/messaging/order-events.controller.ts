import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { SagaEvent } from '@saga/events';
import { NoteReservationWhenInventoryReserved } from '../application/handlers/note-reservation-when-inventory-reserved.handler';
import { CancelOrderWhenInventoryRejected } from '../application/handlers/cancel-order-when-inventory-rejected.handler';
import { ConfirmOrderWhenPaymentCompleted } from '../application/handlers/confirm-order-when-payment-completed.handler';
import { CancelOrderWhenPaymentFailed } from '../application/handlers/cancel-order-when-payment-failed.handler';
import { RecordCompensationWhenReleasedOrRefunded } from '../application/handlers/record-compensation-when-released-or-refunded.handler';

/**
 * The order service's reactions to the `inventory` and `payment` topics. Events arrive already
 * validated against the contract; retries and dead-lettering are the transport's job.
 */
@Controller()
export class OrderEventsController {
  constructor(
    private readonly noteReservation: NoteReservationWhenInventoryReserved,
    private readonly cancelWhenRejected: CancelOrderWhenInventoryRejected,
    private readonly confirmWhenPaid: ConfirmOrderWhenPaymentCompleted,
    private readonly cancelWhenPaymentFailed: CancelOrderWhenPaymentFailed,
    private readonly recordCompensation: RecordCompensationWhenReleasedOrRefunded,
  ) {}

  @EventPattern('INVENTORY_RESERVED')
  onInventoryReserved(@Payload() event: SagaEvent<'INVENTORY_RESERVED'>) {
    return this.noteReservation.handle(event);
  }

  @EventPattern('INVENTORY_REJECTED')
  onInventoryRejected(@Payload() event: SagaEvent<'INVENTORY_REJECTED'>) {
    return this.cancelWhenRejected.handle(event);
  }

  @EventPattern('PAYMENT_COMPLETED')
  onPaymentCompleted(@Payload() event: SagaEvent<'PAYMENT_COMPLETED'>) {
    return this.confirmWhenPaid.handle(event);
  }

  @EventPattern('PAYMENT_FAILED')
  onPaymentFailed(@Payload() event: SagaEvent<'PAYMENT_FAILED'>) {
    return this.cancelWhenPaymentFailed.handle(event);
  }

  @EventPattern('INVENTORY_RELEASED')
  onInventoryReleased(@Payload() event: SagaEvent<'INVENTORY_RELEASED'>) {
    return this.recordCompensation.handle(event);
  }

  @EventPattern('PAYMENT_REFUNDED')
  onPaymentRefunded(@Payload() event: SagaEvent<'PAYMENT_REFUNDED'>) {
    return this.recordCompensation.handle(event);
  }
}
