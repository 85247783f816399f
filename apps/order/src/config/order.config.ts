import { z } from 'zod';
import { commonEnvSchema, parseEnv } from '@saga/messaging';

export const orderEnvSchema = commonEnvSchema.extend({
  PORT: commonEnvSchema.shape.PORT.default(3000),
  DATABASE_URL: commonEnvSchema.shape.DATABASE_URL.default('postgres://order:order@localhost:5433/order'),
  /** Connections to the order database, shared by HTTP commands, event reactions and the sweeper. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(20),
  /** How long a saga may take before the order cancels itself (TIMEOUT) and compensation starts. */
  ORDER_DEADLINE_MS: z.coerce.number().int().min(100).default(30000),
  /** How often the deadline sweeper looks for overdue orders. */
  DEADLINE_SWEEP_MS: z.coerce.number().int().min(10).default(1000),
  /** Overdue orders cancelled per sweeper transaction (each one locked with SKIP LOCKED). */
  DEADLINE_SWEEP_BATCH: z.coerce.number().int().min(1).max(5000).default(200),
  /** The live saga view at /saga (src/live-view): its own Kafka consumer, SSE feed and page. Off: 404 and no consumer. */
  LIVE_VIEW_ENABLED: z.stringbool().default(true),
  /** Where the live view reads stock levels and balances (GET /products, GET /accounts), proxied for the page. */
  LIVE_VIEW_INVENTORY_URL: z.url({ protocol: /^https?$/ }).default('http://localhost:3001'),
  LIVE_VIEW_PAYMENT_URL: z.url({ protocol: /^https?$/ }).default('http://localhost:3002'),
  /**
   * The live view reads Kafka only while it is watched: from the first request that needs its projection until
   * this long after the last page closed (the projection is then dropped, and replayed at the next visit).
   * 0: it reads from the service's start and never stops.
   */
  LIVE_VIEW_IDLE_STOP_MS: z.coerce.number().int().min(0).default(10 * 60 * 1000),
  /** How far back the live view replays the topics when it starts (its projection lives in memory). */
  LIVE_VIEW_REPLAY_MS: z.coerce.number().int().min(0).default(60 * 60 * 1000),
  /** Orders per minute: how late (event time) an event may arrive and still count in its window. */
  LIVE_VIEW_WINDOW_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
});

export type OrderConfig = z.infer<typeof orderEnvSchema>;

/** Injection token of the parsed OrderConfig. */
export const ORDER_CONFIG = Symbol('ORDER_CONFIG');

/** The only reader of process.env in the order service: throws a ConfigError naming every bad variable. */
export function loadOrderConfig(env: NodeJS.ProcessEnv = process.env): OrderConfig {
  return parseEnv('order', orderEnvSchema, env);
}
