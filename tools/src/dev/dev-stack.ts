import { join } from 'node:path';
import { REPOSITORY_ROOT } from '../process/built-script';
import { DEFAULT_KAFKA_PORT, SERVICE_DEFAULTS, SERVICE_NAMES, ServiceName } from '../service-catalogue';
import { StackPortOptions } from '../stack/stack-options';

/** Kept across runs and git-ignored: broker logs in kafka/, one PostgreSQL cluster per service in postgres/. */
export const DEV_DATA_DIR = join(REPOSITORY_ROOT, '.data');

/** The fixed, documented ports: what the services assume when their environment says nothing. */
export const DEV_PORTS: StackPortOptions = {
  kafka: DEFAULT_KAFKA_PORT,
  services: perService((name) => SERVICE_DEFAULTS[name].httpPort),
  databases: perService((name) => SERVICE_DEFAULTS[name].databasePort),
};

function perService<T>(value: (name: ServiceName) => T): Record<ServiceName, T> {
  return Object.fromEntries(SERVICE_NAMES.map((name) => [name, value(name)])) as Record<ServiceName, T>;
}
