import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { SagaEvent } from '@saga/events';
import { ChargePaymentWhenInventoryReservedHandler } from '../application/handlers/charge-payment-when-inventory-reserved.handler';
import { RefundPaymentWhenOrderCancelledHandler } from '../application/handlers/refund-payment-when-order-cancelled.handler';

/** Routes validated saga events to their reactions; other event types on these topics are skipped by the transport. */
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
