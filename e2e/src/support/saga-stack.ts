import { startStack, Stack } from '../../../tools/src/stack/start-stack';
import { StackOptions } from '../../../tools/src/stack/stack-options';
import { SagaApi } from './saga-api';

/** Consumer and deadline settings that keep end-to-end runs short without changing any behaviour. */
export const FAST_SAGA_ENV: NodeJS.ProcessEnv = {
  KAFKA_HEARTBEAT_INTERVAL_MS: '500',
  KAFKA_SESSION_TIMEOUT_MS: '6000',
  OUTBOX_POLL_MS: '200',
  LOG_LEVEL: 'warn',
};

export interface SagaStack {
  stack: Stack;
  api: SagaApi;
}

/** Broker, three PostgreSQL servers and the three services as real processes on free ports. */
export async function startSagaStack(env: StackOptions['env'] = {}, options: Omit<StackOptions, 'env'> = {}): Promise<SagaStack> {
  const stack = await startStack({
    ...options,
    env: {
      order: { ...FAST_SAGA_ENV, ...env.order },
      inventory: { ...FAST_SAGA_ENV, ...env.inventory },
      payment: { ...FAST_SAGA_ENV, ...env.payment },
    },
  });
  const { order, inventory, payment } = stack.urls;
  return { stack, api: new SagaApi({ order: order!, inventory: inventory!, payment: payment! }) };
}
