import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CANCEL_REASONS } from '@saga/events';
import { ORDER_STATUSES, OrderStatus } from '../../domain/order-status';
import { OrderView, HistoryView } from '../../application/queries/order.view';
import { OrderLineDto } from './place-order.dto';

/** The OpenAPI shapes of the order responses; the controller returns the read model, which has exactly these fields. */
export class OrderAcceptedResponse {
  @ApiProperty({ format: 'uuid' })
  orderId!: string;

  @ApiProperty({ enum: ORDER_STATUSES, example: 'PENDING' })
  status!: OrderStatus;
}

export class HistoryEntryResponse implements HistoryView {
  @ApiProperty({ example: 'INVENTORY_RESERVED', description: 'The event type, as in the event catalogue.' })
  type!: string;

  @ApiProperty({ enum: ['order', 'inventory', 'payment'] })
  service!: string;

  @ApiProperty({ format: 'date-time', description: 'When the event occurred (its producer clock).' })
  at!: string;
}

export class OrderResponse implements OrderView {
  @ApiProperty({ format: 'uuid' })
  orderId!: string;

  @ApiProperty({ example: 'alice' })
  customerId!: string;

  @ApiProperty({ type: [OrderLineDto] })
  items!: OrderLineDto[];

  @ApiProperty({ enum: ORDER_STATUSES })
  status!: OrderStatus;

  @ApiPropertyOptional({ enum: CANCEL_REASONS, description: 'Why the order was cancelled (only when CANCELLED).' })
  reason?: (typeof CANCEL_REASONS)[number];

  @ApiPropertyOptional({ type: 'integer', description: 'Known once inventory priced the order; integer cents.' })
  totalCents?: number;

  @ApiProperty({ format: 'uuid', description: 'The saga id, carried by every event and log line of this order.' })
  transactionId!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiPropertyOptional({
    type: [HistoryEntryResponse],
    description: 'The saga timeline across the three services (GET /orders/:id only), in order of occurrence.',
  })
  history?: HistoryEntryResponse[];
}
