import { startStack } from '../stack/start-stack';
import { DEV_DATA_DIR, DEV_PORTS } from './dev-stack';
import { runInForeground } from './run-in-foreground';

// `npm start`: the broker, three PostgreSQL servers and the three services, in the foreground.
void runInForeground(async (hooks) => {
  const stack = await startStack({ dataDir: DEV_DATA_DIR, ports: DEV_PORTS, ...hooks });
  const { order, inventory, payment } = stack.urls;
  return {
    readyMessage:
      `ready: order ${order} | inventory ${inventory} | payment ${payment} | ` +
      `live view ${order}/saga | Kafka ${stack.kafkaBrokers}  (Ctrl-C stops everything)`,
    stop: () => stack.stop(),
  };
});
