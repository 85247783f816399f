import 'reflect-metadata';
import { Topic } from '@saga/events';
import { bootstrapSagaService, ConfigError } from '@saga/messaging';
import { AppModule } from './app.module';
import { PaymentBatchPreparation } from './application/handlers/payment-batch.preparation';
import { loadPaymentConfig } from './config/payment.config';

bootstrapSagaService({
  service: 'payment',
  module: AppModule,
  env: loadPaymentConfig(),
  consumes: [Topic.inventory, Topic.order],
  // Asks the gateway for a batch's charges before its transaction opens, then locks its rows in two statements.
  batchPreparation: PaymentBatchPreparation,
  description:
    'Owns customer balances: charges the total of a reserved order (PAYMENT_COMPLETED / PAYMENT_FAILED) and refunds ' +
    'it exactly once when the order is cancelled (PAYMENT_REFUNDED).',
}).catch((error: unknown) => {
  // A bad variable is reported by name, without a stack trace; anything else in full.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
