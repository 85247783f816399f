import { SERVICE_NAMES } from '../service-catalogue';
import { startStack } from '../stack/start-stack';
import { DEV_DATA_DIR, DEV_PORTS } from './dev-stack';
import { runInForeground } from './run-in-foreground';

// `npm run infra`: only the broker and the three PostgreSQL servers, for services run on their own.
void runInForeground(async (hooks) => {
  const stack = await startStack({ dataDir: DEV_DATA_DIR, ports: DEV_PORTS, services: [], databases: SERVICE_NAMES, ...hooks });
  const databases = SERVICE_NAMES.map((name) => `${name}-db ${stack.databaseUrls[name]}`).join(' | ');
  return {
    readyMessage: `infra ready: Kafka ${stack.kafkaBrokers} | ${databases}  (Ctrl-C stops everything)`,
    stop: () => stack.stop(),
  };
});
