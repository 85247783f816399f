import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { LineTail } from '../process/line-tail';
import { PostgresServer } from './postgres-server';

/**
 * Runs one PostgreSQL server in the foreground:
 *   node tools/dist/postgres/postgres-supervisor.cli.js --port 5433 --data-dir .data/postgres/order \
 *        --user order --password order --database order [--log-file .data/postgres/order.log]
 * Prints one ready line, stays quiet while healthy (PostgreSQL's own output goes to the log file), and
 * stops the server cleanly on SIGINT/SIGTERM/SIGHUP or when its parent process disappears. If the server
 * dies on its own, or never starts, it prints the tail of PostgreSQL's output and exits 1.
 */
const STOP_TIMEOUT_MS = 15_000;
const WATCH_INTERVAL_MS = 500;

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    'data-dir': { type: 'string' },
    user: { type: 'string' },
    password: { type: 'string' },
    database: { type: 'string' },
    'log-file': { type: 'string' },
  },
});
const port = Number(values.port);
const dataDir = resolve(required('data-dir'));
const logFile = values['log-file'] ? resolve(values['log-file']) : undefined;
const tail = new LineTail(60);
let server: PostgresServer | undefined;
let stopping = false;

if (logFile) mkdirSync(dirname(logFile), { recursive: true });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutDown());
void main();

async function main(): Promise<void> {
  try {
    if (!Number.isInteger(port) || port <= 0) throw new Error(`--port must be a port number, got ${values.port}`);
    const credentials = { user: required('user'), password: required('password'), database: required('database') };
    server = await PostgresServer.open({ dataDir, port, credentials, onLog: record });
  } catch (error) {
    fail(`postgres on port ${values.port} failed to start: ${describe(error)}`);
  }
  if (stopping) return void shutDown();
  console.log(`postgres ready on localhost:${port} (database ${values.database}, data: ${dataDir})`);
  watch();
}

/** Parent gone (re-parented to init or a subreaper) or server gone: both end this process. */
function watch(): void {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) void shutDown();
    else if (!stopping && server && !server.isAlive()) fail(`postgres on port ${port} exited unexpectedly`);
  }, WATCH_INTERVAL_MS);
}

async function shutDown(): Promise<void> {
  if (stopping && server === undefined) return; // still starting: main() calls back once the server is up
  stopping = true;
  if (server === undefined) return;
  const running = server;
  server = undefined;
  await running.stop(STOP_TIMEOUT_MS).catch((error) => fail(`postgres on port ${port} did not stop: ${describe(error)}`));
  process.exit(0);
}

function record(text: string): void {
  if (logFile) appendFileSync(logFile, text.endsWith('\n') ? text : `${text}\n`);
  tail.push(text);
}

function fail(message: string): never {
  console.error(`${message}\n--- last PostgreSQL output ---\n${tail.text()}`);
  process.exit(1);
}

function required(name: 'data-dir' | 'user' | 'password' | 'database'): string {
  const value = values[name];
  if (!value) {
    console.error(`--${name} is required`);
    process.exit(2);
  }
  return value;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
