import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
  UseFilters,
} from '@nestjs/common';
import { PlaceOrderHandler } from '../application/place-order/place-order.handler';
import { CancelOrderHandler } from '../application/cancel-order/cancel-order.handler';
import { OrderQueries } from '../application/queries/order-queries';
import { OrderView } from '../application/queries/order.view';
import { OrderStatus } from '../domain/order-status';
import { PlaceOrderDto } from './dto/place-order.dto';
import { ListOrdersQuery } from './dto/list-orders.query';
import { OrderErrorsFilter } from './order-errors.filter';

export interface OrderAccepted {
  orderId: string;
  status: OrderStatus;
}

const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

/** Header set on a 202 that returns an order placed by an earlier request with the same Idempotency-Key. */
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';

@Controller('orders')
@UseFilters(OrderErrorsFilter)
export class OrdersController {
  constructor(
    private readonly placeOrder: PlaceOrderHandler,
    private readonly cancelOrder: CancelOrderHandler,
    private readonly queries: OrderQueries,
  ) {}

  /** 202: the order is accepted and its saga started; poll GET /orders/:id for the outcome. */
  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  async place(
    @Body() body: PlaceOrderDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: { setHeader(name: string, value: string): void },
  ): Promise<OrderAccepted> {
    const { order, replayed } = await this.placeOrder.execute({
      customerId: body.customerId,
      items: body.items.map(({ sku, quantity }) => ({ sku, quantity })),
      idempotencyKey: checkedIdempotencyKey(idempotencyKey),
    });
    if (replayed) response.setHeader(IDEMPOTENT_REPLAYED_HEADER, 'true');
    return { orderId: order.id, status: order.status };
  }

  @Get(':id')
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<OrderView> {
    return this.queries.getWithHistory(id);
  }

  /** Newest first, at most 100. */
  @Get()
  list(@Query() query: ListOrdersQuery): Promise<OrderView[]> {
    return this.queries.listByCustomer(query.customerId);
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.ACCEPTED)
  async cancel(@Param('id', new ParseUUIDPipe()) id: string): Promise<OrderAccepted> {
    const order = await this.cancelOrder.execute(id);
    return { orderId: order.id, status: order.status };
  }
}

function checkedIdempotencyKey(value: string | undefined): string | null {
  if (value === undefined) return null;
  if (value.length < 1 || value.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new BadRequestException(`Idempotency-Key header must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`);
  }
  return value;
}
