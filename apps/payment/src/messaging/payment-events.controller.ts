import { Controller, UseFilters } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { SagaEvent } from '@saga/events';
import { KeepErrorsFilter } from '@saga/messaging';
import { ChargePaymentWhenInventoryReservedHandler } from '../application/handlers/charge-payment-when-inventory-reserved.handler';
import { RefundPaymentWhenOrderCancelledHandler } from '../application/handlers/refund-payment-when-order-cancelled.handler';

/**
 * Routes validated saga events to their reactions; other event types on these topics are skipped
 * by the transport. The filter is bound here because the global one registered by
 * bootstrapSagaService comes too late to take effect (Nest warns "Cannot apply global exception
 * filters"): without it a TransientError would reach the transport as "Internal server error"
 * and be dead-lettered instead of retried.
 */
@UseFilters(KeepErrorsFilter)
@Controller()
export class PaymentEventsController {
  constructor(
    private readonly charge: ChargePaymentWhenInventoryReservedHandler,
    private readonly refund: RefundPaymentWhenOrderCancelledHandler,
  ) {}

  @EventPattern('INVENTORY_RESERVED')
  onInventoryReserved(@Payload() event: SagaEvent<'INVENTORY_RESERVED'>): Promise<void> {
    return this.charge.handle(event);
  }

  @EventPattern('ORDER_CANCEL')
  onOrderCancel(@Payload() event: SagaEvent<'ORDER_CANCEL'>): Promise<void> {
    return this.refund.handle(event);
  }
}
