import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { SagaEvent } from '@saga/events';
import { ReleaseStockWhenOrderCancelHandler } from '../application/handlers/release-stock-when-order-cancel.handler';
import { ReserveStockWhenOrderCreatedHandler } from '../application/handlers/reserve-stock-when-order-created.handler';
import { SellStockWhenOrderConfirmedHandler } from '../application/handlers/sell-stock-when-order-confirmed.handler';

/**
 * The `order` topic's events inventory reacts to. The transport has already validated each
 * event against its contract; this class only routes by type.
 */
@Controller()
export class InventoryEventsController {
  constructor(
    private readonly reserveStock: ReserveStockWhenOrderCreatedHandler,
    private readonly sellStock: SellStockWhenOrderConfirmedHandler,
    private readonly releaseStock: ReleaseStockWhenOrderCancelHandler,
  ) {}

  @EventPattern('ORDER_CREATED')
  onOrderCreated(@Payload() event: SagaEvent<'ORDER_CREATED'>): Promise<void> {
    return this.reserveStock.handle(event);
  }

  @EventPattern('ORDER_CONFIRMED')
  onOrderConfirmed(@Payload() event: SagaEvent<'ORDER_CONFIRMED'>): Promise<void> {
    return this.sellStock.handle(event);
  }

  @EventPattern('ORDER_CANCEL')
  onOrderCancel(@Payload() event: SagaEvent<'ORDER_CANCEL'>): Promise<void> {
    return this.releaseStock.handle(event);
  }
}
