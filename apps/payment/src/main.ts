import 'reflect-metadata';
import { Topic } from '@saga/events';
import { bootstrapSagaService, ConfigError } from '@saga/messaging';
import { AppModule } from './app.module';
import { loadPaymentConfig } from './config/payment.config';

bootstrapSagaService({
  service: 'payment',
  module: AppModule,
  env: loadPaymentConfig(),
  consumes: [Topic.inventory, Topic.order],
  // The charge asks the gateway before its transaction: never inside a batch's transaction.
  perRecordEvents: ['INVENTORY_RESERVED'],
  description:
    'Owns customer balances: charges the total of a reserved order (PAYMENT_COMPLETED / PAYMENT_FAILED) and refunds ' +
    'it exactly once when the order is cancelled (PAYMENT_REFUNDED).',
}).catch((error: unknown) => {
  // A bad variable is reported by name, without a stack trace; anything else in full.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
