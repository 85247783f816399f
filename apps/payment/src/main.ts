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
}).catch((error: unknown) => {
  // A bad variable is reported by name, without a stack trace; anything else in full.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
