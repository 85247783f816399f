import { Controller, Get, Query } from '@nestjs/common';
import { PaymentsQuery } from '../application/queries/payments.query';
import { PaymentResponse, PaymentsQueryParams, toPaymentResponse } from './payment.dtos';

@Controller('payments')
export class PaymentsController {
  constructor(private readonly payments: PaymentsQuery) {}

  /** Empty list when the order has no payment (yet). */
  @Get()
  async byOrder(@Query() { orderId }: PaymentsQueryParams): Promise<PaymentResponse[]> {
    return (await this.payments.byOrderId(orderId)).map(toPaymentResponse);
  }
}
