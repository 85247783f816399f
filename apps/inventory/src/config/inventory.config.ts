import { Global, Module } from '@nestjs/common';
import { z } from 'zod';
import { commonEnvSchema, parseEnv } from '@saga/messaging';

/** The inventory service's environment: the shared variables with this service's defaults, plus its own. */
export const inventoryEnvSchema = commonEnvSchema.extend({
  PORT: z.coerce.number().int().min(1).max(65535).default(3001),
  DATABASE_URL: commonEnvSchema.shape.DATABASE_URL.default('postgres://inventory:inventory@localhost:5434/inventory'),
  /** Connections per process: the consumer handles 3 partitions at once, the rest serve HTTP and the relay. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
});

export type InventoryConfig = z.infer<typeof inventoryEnvSchema>;

export const INVENTORY_CONFIG = Symbol('INVENTORY_CONFIG');

/** The only reader of process.env in this service; throws a ConfigError naming every bad variable. */
export function loadInventoryConfig(env: NodeJS.ProcessEnv = process.env): InventoryConfig {
  return parseEnv('inventory', inventoryEnvSchema, env);
}

@Global()
@Module({
  providers: [{ provide: INVENTORY_CONFIG, useFactory: () => loadInventoryConfig() }],
  exports: [INVENTORY_CONFIG],
})
export class InventoryConfigModule {}
