import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { makePostgresTempDir } from '../postgres/postgres-temp-dir';
import { PostgresHandle } from '../postgres/postgres-manager';
import { freePorts } from '../process/free-ports';
import { ManagedProcess, ProcessHandle } from '../process/managed-process';
import { Reaper } from '../process/reaper';
import { SERVICE_NAMES, ServiceName } from '../service-catalogue';
import { StackOptions } from './stack-options';
import { checkEntryPoints, defineStackProcesses } from './stack-processes';

export interface Stack {
  readonly dataDir: string;
  /** What Kafka clients dial, `host:port`, as the broker reports it in its ready line. */
  readonly kafkaBrokers: string;
  /** Base URLs of the services that were started, e.g. http://localhost:41234. */
  readonly urls: Partial<Record<ServiceName, string>>;
  readonly databaseUrls: Partial<Record<ServiceName, string>>;
  readonly broker: ProcessHandle;
  service(name: ServiceName): ProcessHandle;
  /**
   * Starts one more instance of a service on a port of its own: same broker, database and consumer group,
   * the stack's env for that service plus `env` (e.g. a fault point only this instance has). Resolves once
   * it is healthy; its handle can kill and restart it; stop() stops it with the rest.
   */
  addServiceInstance(name: ServiceName, env?: NodeJS.ProcessEnv): Promise<ServiceInstance>;
  database(name: ServiceName): PostgresHandle;
  /** Every process of the stack: broker, databases, services (extra instances included). */
  processes(): ProcessHandle[];
  stopDatabase(name: ServiceName): Promise<void>;
  startDatabase(name: ServiceName): Promise<void>;
  /** Stops everything it started (services first), then removes a temp data dir. Safe to call twice. */
  stop(): Promise<void>;
}

/** An extra instance of a service (see Stack.addServiceInstance), named `<service>-<n>` in logs. */
export interface ServiceInstance extends ProcessHandle {
  readonly url: string;
}

/**
 * Starts the broker, one PostgreSQL server per selected service, then the services, each a real child
 * process, and resolves once all are ready (broker and PostgreSQL: their ready lines; services: GET
 * /health answers 200). If anything fails to start, everything already started is stopped again and
 * the error carries the tail of the failing process's log.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const services = options.services ?? SERVICE_NAMES;
  const databases = options.databases ?? services;
  checkEntryPoints(options, services);
  const dataDir = options.dataDir ? resolve(options.dataDir) : await makePostgresTempDir('saga-stack-');
  await mkdir(join(dataDir, 'logs'), { recursive: true });
  const reaper = Reaper.start();
  const plan = { options, services, databases, dataDir };
  const processes = await defineStackProcesses(plan, reaper).catch((error) => {
    reaper.close();
    throw error;
  });
  const { broker, databases: dbs, services: apps } = processes;
  const extras: ManagedProcess[] = [];

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await Promise.all([...apps.values(), ...extras].map((app) => app.stop()));
      await Promise.all([broker.stop(), ...[...dbs.values()].map((db) => db.stop())]);
      reaper.close();
      if (!options.dataDir && !options.keepDataDir) await rm(dataDir, { recursive: true, force: true });
    })());

  const abort = () => void stop();
  options.signal?.addEventListener('abort', abort);
  try {
    options.signal?.throwIfAborted();
    await Promise.all([broker.start(), ...[...dbs.values()].map((db) => db.start())]);
    options.signal?.throwIfAborted();
    await Promise.all([...apps.values()].map((app) => app.start()));
  } catch (error) {
    await stop();
    throw options.signal?.aborted ? new Error('stack start aborted', { cause: error }) : error;
  } finally {
    options.signal?.removeEventListener('abort', abort);
  }

  const [, host, port] = broker.readyMatch!;
  const database = (name: ServiceName) => found(dbs.get(name), `no database for ${name} in this stack`);
  return {
    dataDir,
    kafkaBrokers: `${host}:${port}`,
    urls: Object.fromEntries([...processes.services.keys()].map((name) => [name, `http://localhost:${processes.ports.services[name]}`])),
    databaseUrls: Object.fromEntries([...dbs].map(([name, db]) => [name, db.url])),
    broker,
    service: (name) => found(apps.get(name), `service ${name} is not part of this stack`),
    database,
    processes: () => [broker, ...dbs.values(), ...apps.values(), ...extras],
    addServiceInstance: async (name, env) => {
      found(apps.get(name), `service ${name} is not part of this stack`);
      if (stopping) throw new Error('the stack is stopped');
      const [port] = await freePorts(1);
      const siblings = extras.filter((extra) => extra.name.startsWith(`${name}-`)).length;
      const instance = processes.defineService(name, `${name}-${siblings + 2}`, port, env);
      extras.push(instance);
      await instance.start();
      return Object.assign(instance, { url: `http://localhost:${port}` });
    },
    stopDatabase: (name) => database(name).stop(),
    startDatabase: (name) => database(name).start(),
    stop,
  };
}

function found<T>(value: T | undefined, message: string): T {
  if (value === undefined) throw new Error(message);
  return value;
}
