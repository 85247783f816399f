import pino from 'pino';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '@saga/testing';
import { MessageBus } from '../../kafka/message-bus.port';
import { OutboxRelay } from '../../outbox/outbox.relay';
import { TransactionRunner } from '../../transaction-runner';
import { SagaMetrics } from './saga-metrics';

const noBus: MessageBus = {
  publish: async () => undefined,
  isReachable: async () => true,
  consume: async () => ({ stop: async () => undefined }),
  close: async () => undefined,
};

describe('SagaMetrics', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let runner: TransactionRunner;
  let registry: Registry;
  let metrics: SagaMetrics;

  beforeAll(async () => {
    database = await createTestDatabase('saga_metrics');
    dataSource = await new DataSource({ type: 'postgres', url: database.url }).initialize();
    const relay = new OutboxRelay(dataSource, noBus, pino({ level: 'silent' }), { batchSize: 1, pollIntervalMs: 1000, lockKey: 1 });
    runner = new TransactionRunner(dataSource, relay, { consumer: 'order' });
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  beforeEach(() => {
    registry = new Registry();
    metrics = new SagaMetrics(registry, runner);
  });

  const text = () => registry.metrics();
  const end = (status: 'CONFIRMED' | 'CANCELLED', seconds: number, reason?: string) => ({
    status,
    reason,
    startedAt: new Date('2026-01-01T10:00:00Z'),
    endedAt: new Date(Date.parse('2026-01-01T10:00:00Z') + seconds * 1000),
  });

  it('starts every counter at zero', async () => {
    expect(await text()).toMatch(/^saga_started_total 0$/m);
    expect(await text()).toMatch(/^saga_confirmed_total 0$/m);
  });

  it('counts started sagas', async () => {
    metrics.noteStarted();
    metrics.noteStarted();
    expect(await text()).toMatch(/^saga_started_total 2$/m);
  });

  it('counts outcomes by reason and observes the duration from placement, once the deciding transaction commits', async () => {
    await runner.run(async (manager) => {
      metrics.noteEnded(manager, end('CONFIRMED', 0.3));
      expect(await text()).toMatch(/^saga_confirmed_total 0$/m);
    });
    await runner.run(async (manager) => metrics.noteEnded(manager, end('CANCELLED', 7, 'PAYMENT_DECLINED')));
    await runner.run(async (manager) => metrics.noteEnded(manager, end('CANCELLED', 31, 'TIMEOUT')));

    const output = await text();
    expect(output).toMatch(/^saga_confirmed_total 1$/m);
    expect(output).toMatch(/^saga_cancelled_total\{reason="PAYMENT_DECLINED"\} 1$/m);
    expect(output).toMatch(/^saga_cancelled_total\{reason="TIMEOUT"\} 1$/m);
    expect(output).toMatch(/^saga_duration_seconds_bucket\{le="0.5",outcome="CONFIRMED"\} 1$/m);
    expect(output).toMatch(/^saga_duration_seconds_bucket\{le="10",outcome="CANCELLED"\} 1$/m);
    expect(output).toMatch(/^saga_duration_seconds_bucket\{le="60",outcome="CANCELLED"\} 2$/m);
    expect(output).toMatch(/^saga_duration_seconds_sum\{outcome="CANCELLED"\} 38$/m);
  });

  it('does not count an outcome whose transaction rolled back', async () => {
    await expect(
      runner.run(async (manager) => {
        metrics.noteEnded(manager, end('CONFIRMED', 1));
        throw new Error('could not serialize access');
      }),
    ).rejects.toThrow();
    expect(await text()).toMatch(/^saga_confirmed_total 0$/m);
    expect(await text()).toMatch(/^saga_duration_seconds_count\{outcome="CONFIRMED"\} 0$/m);
  });
});
