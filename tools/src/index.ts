export { startStack, type Stack, type ServiceInstance } from './stack/start-stack';
export type { StackOptions, StackPortOptions } from './stack/stack-options';
export { startPostgres, postgresServer, type PostgresHandle, type PostgresOptions } from './postgres/postgres-manager';
export { makePostgresTempDir } from './postgres/postgres-temp-dir';
export type { ProcessHandle } from './process/managed-process';
export { pollUntil, answersOk } from './process/poll';
export { freePorts } from './process/free-ports';
export {
  SERVICE_NAMES,
  SERVICE_DEFAULTS,
  DEFAULT_KAFKA_PORT,
  databaseUrl,
  type ServiceName,
  type DatabaseCredentials,
} from './service-catalogue';
