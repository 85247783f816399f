import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Kafka, logLevel } from 'kafkajs';
import { fixKafkajsIdleLoop } from '@saga/messaging';
import { pollUntil } from '../process/poll';
import { Stack, startStack } from './start-stack';

// The spec's own client, patched like the services' (an unpatched one wakes every millisecond).
fixKafkajsIdleLoop();

const FIXTURES = join(__dirname, '__fixtures__');
const STAND_IN = join(FIXTURES, 'stand-in-service.js');

async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function postmasterPid(dataDir: string, service: string): number {
  return Number(readFileSync(join(dataDir, 'postgres', service, 'postmaster.pid'), 'utf8').split('\n')[0]);
}

async function allGone(pids: number[]): Promise<void> {
  await pollUntil(`pids ${pids.join(', ')} gone`, async () => !pids.some(isAlive), { timeoutMs: 20_000 });
}

describe('startStack', () => {
  let stack: Stack;
  const unexpectedExits: string[] = [];

  beforeAll(async () => {
    stack = await startStack({
      services: ['order', 'inventory'],
      serviceEntry: { order: STAND_IN, inventory: STAND_IN },
      env: { order: { STAND_IN_GREETING: 'hello order' } },
      onUnexpectedExit: (source, code, signal) => unexpectedExits.push(`${source}:${signal ?? code}`),
    });
  }, 120_000);

  afterAll(() => stack?.stop(), 60_000);

  it('hands each service its broker, its own database and its extra env when it starts', async () => {
    const { status, body } = await getJson(`${stack.urls.order}/env`);
    expect(status).toBe(200);
    expect(body).toEqual({
      PORT: new URL(stack.urls.order!).port,
      DATABASE_URL: stack.databaseUrls.order,
      KAFKA_BROKERS: stack.kafkaBrokers,
      STAND_IN_GREETING: 'hello order',
    });
    expect(stack.databaseUrls.inventory).toMatch(/^postgres:\/\/inventory:inventory@localhost:\d+\/inventory$/);
    await expect(getJson(`${stack.urls.inventory}/health`)).resolves.toEqual({ status: 200, body: { database: true, kafka: true } });
  });

  it('runs a broker that Kafka clients reach at the reported address', async () => {
    const kafka = new Kafka({ brokers: [stack.kafkaBrokers], logLevel: logLevel.NOTHING, retry: { retries: 2 } });
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic: 'stack-spec' }] });
      await expect(admin.listTopics()).resolves.toContain('stack-spec');
    } finally {
      await admin.disconnect();
    }
  });

  it("reports a service unhealthy while its database is stopped and healthy once it is started again", async () => {
    await stack.stopDatabase('order');
    expect((await getJson(`${stack.urls.order}/health`)).status).toBe(503);
    expect((await getJson(`${stack.urls.inventory}/health`)).status).toBe(200);

    await stack.startDatabase('order');
    await pollUntil('order healthy', async () => (await getJson(`${stack.urls.order}/health`)).status === 200, {
      timeoutMs: 20_000,
    });
  }, 60_000);

  it('brings a SIGKILLed service back on restart without calling it unexpected', async () => {
    const service = stack.service('inventory');
    const killedPid = service.pid!;

    await service.kill('SIGKILL');
    expect(isAlive(killedPid)).toBe(false);
    await expect(fetch(`${stack.urls.inventory}/health`)).rejects.toThrow();

    await service.restart();
    expect(service.pid).not.toBe(killedPid);
    expect((await getJson(`${stack.urls.inventory}/health`)).status).toBe(200);
    expect(unexpectedExits).toEqual([]);
  }, 60_000);

  it('reports a process that dies on its own', async () => {
    process.kill(stack.service('order').pid!, 'SIGKILL');
    await pollUntil('exit reported', async () => unexpectedExits.length > 0, { timeoutMs: 10_000 });
    expect(unexpectedExits).toEqual(['order:SIGKILL']);
    await stack.service('order').restart();
  }, 60_000);

  it('runs another instance of a service on its own port, wired to the same broker and database, with extra env', async () => {
    const instance = await stack.addServiceInstance('order', { STAND_IN_GREETING: 'hello second order' });

    expect(instance.name).toBe('order-2');
    expect(instance.url).not.toBe(stack.urls.order);
    const { body } = await getJson(`${instance.url}/env`);
    expect(body).toEqual({
      PORT: new URL(instance.url).port,
      DATABASE_URL: stack.databaseUrls.order,
      KAFKA_BROKERS: stack.kafkaBrokers,
      STAND_IN_GREETING: 'hello second order',
    });
    expect(stack.processes()).toContain(instance);

    const killedPid = instance.pid!;
    await instance.kill('SIGKILL');
    expect(isAlive(killedPid)).toBe(false);
    await instance.restart();
    expect((await getJson(`${instance.url}/health`)).status).toBe(200);
    expect(readFileSync(join(stack.dataDir, 'logs', 'order-2.log'), 'utf8')).toMatch(/stand-in service listening/);
    expect(unexpectedExits).toEqual(['order:SIGKILL']);
  }, 60_000);

  it('writes each process output to a log file under the data dir', () => {
    expect(readFileSync(join(stack.dataDir, 'logs', 'order.log'), 'utf8')).toMatch(/stand-in service listening/);
    expect(readFileSync(join(stack.dataDir, 'logs', 'kafka.log'), 'utf8')).toMatch(/kafka-broker ready on/);
  });

  it('leaves no process and no temp dir behind when stopped', async () => {
    const pids = [
      ...stack.processes().map((handle) => handle.pid!),
      postmasterPid(stack.dataDir, 'order'),
      postmasterPid(stack.dataDir, 'inventory'),
    ];
    expect(pids.every(isAlive)).toBe(true);

    await stack.stop();

    expect(pids.filter(isAlive)).toEqual([]);
    expect(existsSync(stack.dataDir)).toBe(false);
  }, 60_000);
});

describe('startStack failures', () => {
  it('stops what it started and shows the log tail when a service dies during start', async () => {
    const attempt = startStack({
      services: ['payment'],
      databases: [],
      serviceEntry: { payment: join(FIXTURES, 'crashing-service.js') },
      keepDataDir: true,
    });
    const error: Error = await attempt.then(
      () => new Error('started'),
      (failure: Error) => failure,
    );
    expect(error.message).toMatch(/payment failed to start: gave up waiting for payment ready: exited \(3\)/);
    expect(error.message).toMatch(/cannot reach the moon/);
    const logDir = /full log: (\S+)\/payment\.log/.exec(error.message)![1];
    const kafkaLog = readFileSync(join(logDir, 'kafka.log'), 'utf8');
    expect(kafkaLog).toMatch(/--- exited/);
    await rm(join(logDir, '..'), { recursive: true, force: true });
  }, 60_000);

  it('names the missing build when an entry point does not exist', async () => {
    await expect(startStack({ services: ['payment'], serviceEntry: { payment: 'apps/payment/no-such-main.js' } })).rejects.toThrow(
      /no-such-main\.js is missing: run "npm run build" first/,
    );
  });

  it('takes everything down when the process that owns the stack is SIGKILLed', async () => {
    const owner = spawn(process.execPath, [join(FIXTURES, 'stack-owner.js'), JSON.stringify({ services: [], databases: ['payment'] })], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [line] = await new Promise<string[]>((resolve, reject) => {
      createInterface({ input: owner.stdout! }).once('line', (first) => resolve([first]));
      owner.once('exit', (code) => reject(new Error(`stack owner exited ${code}`)));
    });
    const { dataDir, pids } = JSON.parse(line) as { dataDir: string; pids: number[] };
    const postgres = postmasterPid(dataDir, 'payment');
    expect([...pids, postgres].every(isAlive)).toBe(true);

    owner.kill('SIGKILL');

    await allGone([...pids, postgres]);
    await rm(dataDir, { recursive: true, force: true });
  }, 60_000);
});
