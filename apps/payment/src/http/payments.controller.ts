import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HttpErrorResponse } from '@saga/messaging';
import { PaymentsQuery } from '../application/queries/payments.query';
import { PaymentResponse, PaymentsQueryParams, toPaymentResponse } from './payment.dtos';

@ApiTags('payments')
@Controller('payments')
export class PaymentsController {
  constructor(private readonly payments: PaymentsQuery) {}

  /** Empty list when the order has no payment (yet). */
  @Get()
  @ApiOperation({ summary: "An order's payments (empty until payment saw its reservation)" })
  @ApiOkResponse({ type: [PaymentResponse] })
  @ApiBadRequestResponse({ type: HttpErrorResponse, description: 'orderId missing or not a UUID' })
  async byOrder(@Query() { orderId }: PaymentsQueryParams): Promise<PaymentResponse[]> {
    return (await this.payments.byOrderId(orderId)).map(toPaymentResponse);
  }
}
