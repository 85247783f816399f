import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PostgresHandle, postgresServer } from '../postgres/postgres-manager';
import { builtToolsScript, REPOSITORY_ROOT } from '../process/built-script';
import { freePorts } from '../process/free-ports';
import { ManagedProcess } from '../process/managed-process';
import { answersOk } from '../process/poll';
import { Reaper } from '../process/reaper';
import { SERVICE_DEFAULTS, ServiceName } from '../service-catalogue';
import { StackOptions } from './stack-options';

export const BROKER_READY_LINE = /kafka-broker ready on (\S+):(\d+)/;

export interface StackPlan {
  options: StackOptions;
  services: readonly ServiceName[];
  databases: readonly ServiceName[];
  dataDir: string;
}

export interface StackProcesses {
  broker: ManagedProcess;
  databases: Map<ServiceName, PostgresHandle>;
  services: Map<ServiceName, ManagedProcess>;
  ports: ResolvedPorts;
  /** One more process of a service, wired like the first (broker, database, env) but named and ported apart. */
  defineService(name: ServiceName, instance: string, port: number, env?: NodeJS.ProcessEnv): ManagedProcess;
}

interface ResolvedPorts {
  kafka: number;
  services: Record<ServiceName, number>;
  databases: Record<ServiceName, number>;
}

/** Fails before anything is created or started: a missing build is the usual cause, and no log would say so. */
export function checkEntryPoints(options: StackOptions, services: readonly ServiceName[]): void {
  builtToolsScript('postgres/postgres-supervisor.cli.js');
  builtToolsScript('process/reaper.cli.js');
  brokerEntry(options);
  for (const name of services) serviceEntry(options, name);
}

/** Defines (does not start) every process of the stack, wired to each other's ports. */
export async function defineStackProcesses(plan: StackPlan, reaper: Reaper): Promise<StackProcesses> {
  const { options, dataDir } = plan;
  const ports = await pickPorts(plan);
  const logDir = join(dataDir, 'logs');
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  const common = { onOutput: options.onOutput, onUnexpectedExit: options.onUnexpectedExit, reaper, readyTimeoutMs };

  const broker = new ManagedProcess({
    name: 'kafka',
    command: process.execPath,
    args: [brokerEntry(options), '--port', String(ports.kafka), '--data-dir', join(dataDir, 'kafka'), ...(options.brokerArgs ?? [])],
    logFile: join(logDir, 'kafka.log'),
    readiness: { line: BROKER_READY_LINE },
    ...common,
  });
  const databases = new Map(
    plan.databases.map((name) => {
      const dataDirOfService = join(dataDir, 'postgres', name);
      const credentials = SERVICE_DEFAULTS[name].credentials;
      const port = ports.databases[name];
      return [name, postgresServer({ name: `${name}-db`, dataDir: dataDirOfService, port, credentials, logDir, ...common })];
    }),
  );
  const serviceEnv = (name: ServiceName): NodeJS.ProcessEnv => {
    const databaseUrl = databases.get(name)?.url;
    return {
      KAFKA_BROKERS: `localhost:${ports.kafka}`,
      ...(databaseUrl && { DATABASE_URL: databaseUrl }),
      ...(name === 'order' && liveViewSiblings(ports)),
      ...options.env?.[name],
    };
  };
  const defineService = (name: ServiceName, instance: string, port: number, env: NodeJS.ProcessEnv = {}) =>
    new ManagedProcess({
      name: instance,
      command: process.execPath,
      args: [serviceEntry(options, name)],
      cwd: REPOSITORY_ROOT,
      env: { ...serviceEnv(name), ...env, PORT: String(port) },
      logFile: join(logDir, `${instance}.log`),
      readiness: { probe: () => answersOk(`http://localhost:${port}/health`) },
      ...common,
    });
  const services = new Map(plan.services.map((name) => [name, defineService(name, name, ports.services[name])]));
  return { broker, databases, services, ports, defineService };
}

/** The order service's live view (/saga) shows stock and balances read from the other two services. */
function liveViewSiblings(ports: ResolvedPorts): NodeJS.ProcessEnv {
  return {
    ...(ports.services.inventory && { LIVE_VIEW_INVENTORY_URL: `http://localhost:${ports.services.inventory}` }),
    ...(ports.services.payment && { LIVE_VIEW_PAYMENT_URL: `http://localhost:${ports.services.payment}` }),
  };
}

async function pickPorts({ options, services, databases }: StackPlan): Promise<ResolvedPorts> {
  const spare = await freePorts(1 + services.length + databases.length);
  const given = options.ports;
  const next = (port: number | undefined) => (port ? port : spare.pop()!);
  const ports: ResolvedPorts = { kafka: next(given?.kafka), services: {} as never, databases: {} as never };
  for (const name of services) ports.services[name] = next(given?.services?.[name]);
  for (const name of databases) ports.databases[name] = next(given?.databases?.[name]);
  return ports;
}

function brokerEntry(options: StackOptions): string {
  return existing(options.brokerEntry ?? 'libs/kafka-broker/dist/cli.js');
}

function serviceEntry(options: StackOptions, name: ServiceName): string {
  return existing(options.serviceEntry?.[name] ?? `apps/${name}/dist/main.js`);
}

function existing(path: string): string {
  const absolute = resolve(REPOSITORY_ROOT, path);
  if (!existsSync(absolute)) throw new Error(`${absolute} is missing: run "npm run build" first`);
  return absolute;
}
