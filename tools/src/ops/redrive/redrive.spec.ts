import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { createEvent, EventHeader, SagaEvent, serializeEvent } from '@saga/events';
import { RunningBroker, startBroker } from '@saga/kafka-broker';
import { ConsumedRecord, DeadLetterHeader, toDeadLetter } from '@saga/messaging';
import { summarize } from './dead-letter';
import { readDeadLetters } from './dead-letter-reader';
import { planRedrive, REDRIVEN_FROM_HEADER, sendRedrive } from './redrive';

const CLI = join(__dirname, '../../../dist/ops/redrive/redrive.cli.js');
const DAY_MS = 24 * 60 * 60 * 1000;
const TX = '0b6f3c2e-2f4a-4a8e-9a55-2d1c9e7b6a10';
const ORDER = '5a1d8f9e-3c2b-4e7a-8d6f-1b2c3d4e5f60';

function consumed(event: SagaEvent | null, value?: string): ConsumedRecord {
  return {
    topic: 'order',
    partition: 4,
    offset: '17',
    key: ORDER,
    value: Buffer.from(value ?? serializeEvent(event!)),
    headers: event ? { [EventHeader.eventId]: event.eventId, [EventHeader.eventType]: event.type, [EventHeader.orderId]: ORDER } : {},
    timestamp: String(Date.now()),
  };
}

describe('redrive', () => {
  let broker: RunningBroker;
  let kafka: Kafka;
  const created = createEvent('ORDER_CREATED', {
    transactionId: TX,
    orderId: ORDER,
    payload: { customerId: 'alice', items: [{ sku: 'KEYBOARD-01', quantity: 1 }] },
  });
  const stale = createEvent('ORDER_CANCEL', {
    transactionId: TX,
    orderId: ORDER,
    payload: { reason: 'TIMEOUT' },
    occurredAt: new Date(Date.now() - 10 * DAY_MS),
  });

  beforeAll(async () => {
    broker = await startBroker({ port: 0, defaultPartitions: 1, log: () => undefined });
    kafka = new Kafka({ clientId: 'redrive-spec', brokers: [broker.address], logLevel: logLevel.NOTHING });
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const deadLetters = [
      toDeadLetter(consumed(created), 'inventory-service', { reason: 'HANDLER_FAILED', error: 'deadlock detected', attempts: 5 }),
      toDeadLetter(consumed(null, 'not json'), 'payment-service', { reason: 'NOT_JSON', error: 'record value is not JSON', attempts: 1 }),
      toDeadLetter(consumed(created), 'payment-service', { reason: 'HANDLER_FAILED', error: 'gateway down', attempts: 5 }),
      toDeadLetter(consumed(stale), 'inventory-service', { reason: 'HANDLER_FAILED', error: 'bug', attempts: 5 }),
    ];
    for (const d of deadLetters) await producer.send({ topic: d.topic, messages: [{ key: d.key, value: d.value, headers: d.headers }] });
    await producer.disconnect();
  });

  afterAll(async () => {
    await broker?.stop();
  });

  it('lists each dead letter with its reason, error, group, event type and original coordinates', async () => {
    const summaries = (await readDeadLetters(kafka, 'order.DLT')).map(summarize);

    expect(summaries.map((s) => [s.offset, s.reason, s.consumerGroup, s.eventType])).toEqual([
      ['0', 'HANDLER_FAILED', 'inventory-service', 'ORDER_CREATED'],
      ['1', 'NOT_JSON', 'payment-service', '?'],
      ['2', 'HANDLER_FAILED', 'payment-service', 'ORDER_CREATED'],
      ['3', 'HANDLER_FAILED', 'inventory-service', 'ORDER_CANCEL'],
    ]);
    expect(summaries[0]).toMatchObject({ original: 'order/4@17', error: 'deadlock detected', orderId: ORDER, attempts: '5' });
  });

  it('sends the chosen dead letter back unchanged, without dlt-* headers, once even when several groups dead-lettered it', async () => {
    const deadLetters = await readDeadLetters(kafka, 'order.DLT');
    const plan = planRedrive([deadLetters[0], deadLetters[2]], { inboxRetentionDays: 7 });
    expect(plan.duplicates.map((d) => d.offset)).toEqual(['2']);

    await sendRedrive(kafka, plan);

    const [redriven] = await readDeadLetters(kafka, 'order');
    expect(redriven.key).toBe(ORDER);
    expect(redriven.value?.toString()).toBe(serializeEvent(created));
    expect(redriven.headers).toEqual({
      [EventHeader.eventId]: created.eventId,
      [EventHeader.eventType]: 'ORDER_CREATED',
      [EventHeader.orderId]: ORDER,
      [REDRIVEN_FROM_HEADER]: 'order.DLT/0/0',
    });
    expect(Object.keys(redriven.headers).some((name) => name.startsWith('dlt-'))).toBe(false);
  });

  it('holds back an event older than the inbox retention unless forced', async () => {
    const deadLetters = await readDeadLetters(kafka, 'order.DLT');
    const old = deadLetters[3];

    expect(planRedrive([old], { inboxRetentionDays: 7 }).tooOld).toEqual([old]);
    expect(planRedrive([old], { inboxRetentionDays: 30 }).send).toHaveLength(1);
    expect(planRedrive([old], { inboxRetentionDays: 7, force: true }).send).toHaveLength(1);
  });

  it('judges a poison record that is not JSON by the time it was dead-lettered', async () => {
    const [poison] = (await readDeadLetters(kafka, 'order.DLT')).filter((d) => d.headers[DeadLetterHeader.reason] === 'NOT_JSON');
    const failedAt = Date.parse(poison.headers[DeadLetterHeader.failedAt]);

    expect(planRedrive([poison], { inboxRetentionDays: 7, now: new Date(failedAt + 6 * DAY_MS) }).send).toHaveLength(1);
    expect(planRedrive([poison], { inboxRetentionDays: 7, now: new Date(failedAt + 8 * DAY_MS) }).tooOld).toHaveLength(1);
  });

  describe('command line', () => {
    const run = (...args: string[]) =>
      promisify(execFile)(process.execPath, [CLI, ...args], { env: { ...process.env, KAFKA_BROKERS: broker.address }, timeout: 60_000 });

    it('prints one row per dead letter', async () => {
      const { stdout } = await run('list', '--topic', 'order.DLT');
      const lines = stdout.trim().split('\n');

      expect(lines[0]).toMatch(/^PARTITION\/OFFSET\s+FAILED AT\s+GROUP\s+REASON\s+EVENT\s+ORDER\s+ORIGINAL\s+ERROR$/);
      expect(lines).toHaveLength(5);
      expect(lines[2]).toMatch(/^0\/1\s+\S+\s+payment-service\s+NOT_JSON\s+\?\s+.*order\/4@17\s+record value is not JSON$/);
    });

    it('redrives by offset, reports what it skipped and what it held back, and exits 2 when something was held back', async () => {
      const sent = await run('send', '--topic', 'order.DLT', '--offset', '1', '--offset', '3', '--brokers', broker.address).then(
        () => {
          throw new Error('expected exit code 2');
        },
        (error: { code: number; stdout: string }) => error,
      );

      expect(sent.code).toBe(2);
      expect(sent.stdout).toContain('held back order.DLT/0/3: older than 7 days of inbox retention (--force sends it)');
      expect(sent.stdout).toContain('redriven order.DLT/0/1 -> order (?, key ' + ORDER + ')');
      const redriven = await readDeadLetters(kafka, 'order');
      expect(redriven.map((r) => r.headers[REDRIVEN_FROM_HEADER])).toEqual(['order.DLT/0/0', 'order.DLT/0/1']);
    });

    it('refuses a send without --offset or --all', async () => {
      await expect(run('send', '--topic', 'order.DLT')).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringContaining('give --offset <n> (repeatable) or --all'),
      });
    });
  });
});
