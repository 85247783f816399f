import 'reflect-metadata';
import { Topic } from '@saga/events';
import { bootstrapSagaService, ConfigError } from '@saga/messaging';
import { loadOrderConfig } from './config/order.config';
import { AppModule } from './app.module';
import { OrderBatchPreparation } from './application/order-batch-preparation';

async function main(): Promise<void> {
  await bootstrapSagaService({
    service: 'order',
    module: AppModule,
    env: loadOrderConfig(),
    consumes: [Topic.inventory, Topic.payment],
    // A fetch's events lock all their orders in one statement, before the first handler runs.
    batchPreparation: OrderBatchPreparation,
    description:
      'Starts and ends the order saga: POST /orders places an order (PENDING) and emits ORDER_CREATED; reactions to ' +
      'inventory and payment events confirm or cancel it, and every cancel emits ORDER_CANCEL so the others compensate.',
  });
}

main().catch((error: unknown) => {
  // A bad variable is the operator's to fix: the message names it, a stack trace would only bury it.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
