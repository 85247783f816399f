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
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { HttpErrorResponse, ZodValidationPipe } from '@saga/messaging';
import { PlaceOrderHandler } from '../application/place-order/place-order.handler';
import { CancelOrderHandler } from '../application/cancel-order/cancel-order.handler';
import { OrderQueries } from '../application/queries/order-queries';
import { OrderView } from '../application/queries/order.view';
import { OrderStatus } from '../domain/order-status';
import { PlaceOrderBody, placeOrderBody, PlaceOrderDto } from './dto/place-order.dto';
import { ListOrdersQuery } from './dto/list-orders.query';
import { OrderAcceptedResponse, OrderResponse } from './dto/order.response';
import { OrderErrorsFilter } from './order-errors.filter';

export interface OrderAccepted {
  orderId: string;
  status: OrderStatus;
}

const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

/** Header set on a 202 that returns an order placed by an earlier request with the same Idempotency-Key. */
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';

const ORDER_ID = { name: 'id', format: 'uuid', description: 'The orderId returned by POST /orders' } as const;

@ApiTags('orders')
@ApiBadRequestResponse({ type: HttpErrorResponse, description: 'Invalid input; `message` lists every reason' })
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
  @ApiOperation({
    summary: 'Place an order: starts its saga',
    description:
      'Inserts the order PENDING and appends ORDER_CREATED to the outbox in one transaction. Stock, prices and payment ' +
      'are decided by the saga: poll GET /orders/{id} until CONFIRMED or CANCELLED.',
  })
  @ApiBody({ type: PlaceOrderDto })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Up to 200 characters. A retry with the same key and body returns the first order instead of placing another.',
  })
  @ApiAcceptedResponse({
    type: OrderAcceptedResponse,
    description: 'Accepted; the saga runs',
    headers: { [IDEMPOTENT_REPLAYED_HEADER]: { description: '`true` when an earlier request with this Idempotency-Key placed the order', schema: { type: 'string' } } },
  })
  @ApiUnprocessableEntityResponse({ type: HttpErrorResponse, description: 'The Idempotency-Key was used for a different request' })
  @ApiPayloadTooLargeResponse({ type: HttpErrorResponse, description: 'Body over 64 kB' })
  async place(
    @Body(new ZodValidationPipe(placeOrderBody)) body: PlaceOrderBody,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: { header(name: string, value: string): unknown },
  ): Promise<OrderAccepted> {
    const { order, replayed } = await this.placeOrder.execute({
      customerId: body.customerId,
      items: body.items.map(({ sku, quantity }) => ({ sku, quantity })),
      idempotencyKey: checkedIdempotencyKey(idempotencyKey),
    });
    if (replayed) reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
    return { orderId: order.id, status: order.status };
  }

  @Get(':id')
  @ApiOperation({ summary: 'An order with its saga timeline across the three services' })
  @ApiParam(ORDER_ID)
  @ApiOkResponse({ type: OrderResponse })
  @ApiNotFoundResponse({ type: HttpErrorResponse, description: 'No such order' })
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<OrderView> {
    return this.queries.getWithHistory(id);
  }

  /** Newest first, at most 100. */
  @Get()
  @ApiOperation({ summary: "A customer's orders, newest first, at most 100, without timelines" })
  @ApiOkResponse({ type: [OrderResponse] })
  list(@Query() query: ListOrdersQuery): Promise<OrderView[]> {
    return this.queries.listByCustomer(query.customerId);
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Cancel an order still in flight',
    description: 'Cancels (CUSTOMER_CANCELLED) and emits ORDER_CANCEL: inventory releases the stock, payment refunds a charge.',
  })
  @ApiParam(ORDER_ID)
  @ApiAcceptedResponse({ type: OrderAcceptedResponse, description: 'Cancelled; compensation runs' })
  @ApiNotFoundResponse({ type: HttpErrorResponse, description: 'No such order' })
  @ApiConflictResponse({ type: HttpErrorResponse, description: 'The order is already CONFIRMED or CANCELLED' })
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
