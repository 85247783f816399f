import { Topic } from '@saga/events';
import { bootstrapSagaService, ConfigError } from '@saga/messaging';
import { AppModule } from './app.module';
import { InventoryBatchPreparation } from './application/inventory-batch-preparation';
import { loadInventoryConfig } from './config/inventory.config';

async function main(): Promise<void> {
  await bootstrapSagaService({
    service: 'inventory',
    module: AppModule,
    env: loadInventoryConfig(),
    consumes: [Topic.order],
    // A batch of order events locks its reservations and products in two statements, not two per event.
    batchPreparation: InventoryBatchPreparation,
    description:
      'Owns products, prices and stock: reserves every line of a new order or none (INVENTORY_RESERVED / ' +
      'INVENTORY_REJECTED), sells the reservation when the order is confirmed, releases it when it is cancelled.',
  });
}

main().catch((error: unknown) => {
  // A bad variable is the operator's to fix: the message names it, a stack trace would only bury it.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
