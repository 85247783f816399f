import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Payment } from '../../domain/payment';
import { PaymentsRepository } from '../../persistence/payments.repository';

@Injectable()
export class PaymentsQuery {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly payments: PaymentsRepository,
  ) {}

  /** An order has at most one payment; a list keeps the API open to several (e.g. split payments) later. */
  async byOrderId(orderId: string): Promise<Payment[]> {
    const payment = await this.payments.findByOrderId(this.dataSource.manager, orderId);
    return payment ? [payment] : [];
  }
}
