import { join } from 'node:path';
import { REPOSITORY_ROOT } from '../process/built-script';
import { ManagedProcess } from '../process/managed-process';
import { answersOk } from '../process/poll';
import { Reaper } from '../process/reaper';
import { databaseUrl, DEFAULT_KAFKA_PORT, isServiceName, SERVICE_DEFAULTS } from '../service-catalogue';
import { DEV_DATA_DIR } from './dev-stack';
import { runInForeground } from './run-in-foreground';

// `npm run start:<service>`: one service against the infra of `npm run infra`, with the documented
// defaults unless the environment already says otherwise.
const name = process.argv[2] ?? '';
if (!isServiceName(name)) {
  console.error(`usage: service.cli.js <order|inventory|payment>, got "${name}"`);
  process.exit(2);
}
const defaults = SERVICE_DEFAULTS[name];
const env = {
  KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? `localhost:${DEFAULT_KAFKA_PORT}`,
  DATABASE_URL: process.env.DATABASE_URL ?? databaseUrl(defaults.credentials, defaults.databasePort),
  PORT: process.env.PORT ?? String(defaults.httpPort),
};
const url = `http://localhost:${env.PORT}`;

void runInForeground(async (hooks) => {
  const reaper = Reaper.start();
  const service = new ManagedProcess({
    name,
    command: process.execPath,
    args: [join(REPOSITORY_ROOT, 'apps', name, 'dist', 'main.js')],
    cwd: REPOSITORY_ROOT,
    env,
    logFile: join(DEV_DATA_DIR, 'logs', `${name}.log`),
    readiness: { probe: () => answersOk(`${url}/health`) },
    readyTimeoutMs: 120_000,
    reaper,
    ...hooks,
  });
  const abort = () => void service.stop();
  hooks.signal.addEventListener('abort', abort);
  await service
    .start()
    .catch((error: Error) => {
      reaper.close();
      throw new Error(`${error.message}\n(is the infra up? \`npm run infra\` starts Kafka and PostgreSQL)`);
    })
    .finally(() => hooks.signal.removeEventListener('abort', abort));
  return {
    readyMessage: `${name} ready on ${url} (Kafka ${env.KAFKA_BROKERS}, database ${env.DATABASE_URL})`,
    stop: async () => {
      await service.stop();
      reaper.close();
    },
  };
});
