import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePorts } from '../process/free-ports';
import { pollUntil } from '../process/poll';
import { Reaper } from '../process/reaper';
import { DatabaseCredentials } from '../service-catalogue';
import { PostgresHandle, startPostgres } from './postgres-manager';
import { makePostgresTempDir } from './postgres-temp-dir';

const alphaCredentials: DatabaseCredentials = { user: 'alpha', password: 'alpha-secret', database: 'alpha_db' };
const betaCredentials: DatabaseCredentials = { user: 'beta', password: 'beta-secret', database: 'beta_db' };

async function query(port: number, credentials: DatabaseCredentials, sql: string): Promise<Record<string, unknown>[]> {
  const client = new Client({ host: 'localhost', port, ...credentials, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function postmasterPid(dataDir: string): number {
  return Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
}

describe('postgres manager', () => {
  // initdb is the slow part: both clusters are created once for the whole file.
  let baseDir: string;
  let reaper: Reaper;
  let alpha: PostgresHandle;
  let beta: PostgresHandle;

  beforeAll(async () => {
    baseDir = await makePostgresTempDir('saga-pg-spec-');
    reaper = Reaper.start();
    const [alphaPort, betaPort] = await freePorts(2);
    [alpha, beta] = await Promise.all([
      startPostgres({ name: 'alpha-db', dataDir: join(baseDir, 'alpha'), port: alphaPort, credentials: alphaCredentials, reaper }),
      startPostgres({ name: 'beta-db', dataDir: join(baseDir, 'beta'), port: betaPort, credentials: betaCredentials, reaper }),
    ]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([alpha?.stop(), beta?.stop()]);
    reaper?.close();
    if (baseDir) await rm(baseDir, { recursive: true, force: true });
  }, 60_000);

  it('serves each database to its own role when given that role and password', async () => {
    const [onAlpha] = await query(alpha.port, alphaCredentials, 'SELECT current_user, current_database()');
    const [onBeta] = await query(beta.port, betaCredentials, 'SELECT current_user, current_database()');
    expect(onAlpha).toEqual({ current_user: 'alpha', current_database: 'alpha_db' });
    expect(onBeta).toEqual({ current_user: 'beta', current_database: 'beta_db' });
    expect(alpha.url).toBe(`postgres://alpha:alpha-secret@localhost:${alpha.port}/alpha_db`);
  });

  it('refuses a connection when the password is wrong', async () => {
    await expect(query(alpha.port, { ...alphaCredentials, password: 'wrong' }, 'SELECT 1')).rejects.toThrow(
      /password authentication failed for user "alpha"/,
    );
  });

  it("refuses one server's role on the other server", async () => {
    await expect(query(alpha.port, betaCredentials, 'SELECT 1')).rejects.toThrow(/authentication failed|does not exist/);
  });

  it('keeps the other server serving and keeps the data when one is stopped and restarted', async () => {
    await query(alpha.port, alphaCredentials, 'CREATE TABLE kept (value text); INSERT INTO kept VALUES ($$survives$$)');

    await alpha.stop();
    expect(alpha.running).toBe(false);
    await expect(query(alpha.port, alphaCredentials, 'SELECT 1')).rejects.toThrow(/ECONNREFUSED/);
    await expect(query(beta.port, betaCredentials, 'SELECT 1 AS up')).resolves.toEqual([{ up: 1 }]);

    await alpha.start();
    await expect(query(alpha.port, alphaCredentials, 'SELECT value FROM kept')).resolves.toEqual([{ value: 'survives' }]);
  }, 60_000);

  it('takes PostgreSQL down with its supervisor and starts again when the supervisor is SIGKILLed', async () => {
    const postgresPid = postmasterPid(join(baseDir, 'beta'));
    expect(isAlive(postgresPid)).toBe(true);

    // Only the supervisor, as a crash or the OOM killer would: postgres must not survive it.
    process.kill(beta.pid!, 'SIGKILL');
    await pollUntil('supervisor exit noticed', async () => !beta.running, { timeoutMs: 10_000 });
    // The orphaned postmaster is reaped by init, not by us: wait for that instead of asserting at once.
    await pollUntil('postmaster gone', async () => !isAlive(postgresPid), { timeoutMs: 10_000 });

    await beta.restart();
    await expect(query(beta.port, betaCredentials, 'SELECT 1 AS up')).resolves.toEqual([{ up: 1 }]);
  }, 60_000);

  it('keeps PostgreSQL output out of the supervisor output and in its own log file', () => {
    expect(readFileSync(alpha.logFile, 'utf8')).not.toMatch(/database system is ready/);
    expect(existsSync(join(baseDir, 'alpha-db.postgres.log'))).toBe(true);
    expect(readFileSync(join(baseDir, 'alpha-db.postgres.log'), 'utf8')).toMatch(/database system is ready/);
  });
});
