import { z } from 'zod';
import { commonEnvSchema, parseEnv } from '@saga/messaging';

const rate = z.coerce.number().min(0).max(1);

/** The payment service's environment: the shared variables plus the fake gateway's knobs. */
export const paymentEnvSchema = commonEnvSchema.extend({
  PORT: commonEnvSchema.shape.PORT.default(3002),
  DATABASE_URL: commonEnvSchema.shape.DATABASE_URL.default('postgres://payment:payment@localhost:5435/payment'),
  /** Share of orders the fake gateway declines (decided per orderId, so a retry gets the same answer). */
  GATEWAY_DECLINE_RATE: rate.default(0),
  /** Delay of every authorization, to see how the service behaves with a slow payment provider. */
  GATEWAY_LATENCY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  /** Share of authorizations that fail as if the provider were unreachable (the event is retried). */
  GATEWAY_TRANSIENT_ERROR_RATE: rate.default(0),
});

export type PaymentConfig = z.infer<typeof paymentEnvSchema>;

export const PAYMENT_CONFIG = Symbol('PAYMENT_CONFIG');

/** The only reader of process.env: a missing or malformed variable stops the service at start. */
export function loadPaymentConfig(env: NodeJS.ProcessEnv = process.env): PaymentConfig {
  return parseEnv('payment', paymentEnvSchema, env);
}
