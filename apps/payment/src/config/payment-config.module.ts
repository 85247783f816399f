import { Global, Module } from '@nestjs/common';
import { loadPaymentConfig, PAYMENT_CONFIG } from './payment.config';

@Global()
@Module({
  providers: [{ provide: PAYMENT_CONFIG, useFactory: () => loadPaymentConfig() }],
  exports: [PAYMENT_CONFIG],
})
export class PaymentConfigModule {}
