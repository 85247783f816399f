import { Global, Injectable, Module } from '@nestjs/common';
import { Counter, Histogram, Registry } from 'prom-client';
import { EntityManager } from 'typeorm';
import { CANCEL_REASONS } from '@saga/events';
import { TransactionRunner } from '../../transaction-runner';

export interface SagaEnd {
  status: 'CONFIRMED' | 'CANCELLED';
  /** The cancel reason (OUT_OF_STOCK, PAYMENT_DECLINED, TIMEOUT, CUSTOMER_CANCELLED). */
  reason?: string | null;
  startedAt: Date;
  endedAt: Date;
}

/**
 * The saga's business outcome, counted by the service that starts and ends it (order). Counted only
 * once the deciding transaction committed: a rolled-back attempt that is retried must not count twice.
 */
@Injectable()
export class SagaMetrics {
  private readonly started: Counter;
  private readonly confirmed: Counter;
  private readonly cancelled: Counter<'reason'>;
  private readonly duration: Histogram<'outcome'>;

  constructor(
    registry: Registry,
    private readonly transactions: TransactionRunner,
  ) {
    const registers = [registry];
    this.started = new Counter({ name: 'saga_started_total', help: 'Orders placed: sagas started.', registers });
    this.confirmed = new Counter({ name: 'saga_confirmed_total', help: 'Sagas that ended CONFIRMED.', registers });
    this.cancelled = new Counter({
      name: 'saga_cancelled_total',
      help: 'Sagas that ended CANCELLED, by reason.',
      labelNames: ['reason'],
      registers,
    });
    this.duration = new Histogram({
      name: 'saga_duration_seconds',
      help: 'From placing the order to its final state (CONFIRMED or CANCELLED), by outcome.',
      labelNames: ['outcome'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers,
    });
    // Every series exists from the start, so rate() and alerts see a 0 rather than nothing.
    for (const reason of CANCEL_REASONS) this.cancelled.inc({ reason }, 0);
    for (const outcome of ['CONFIRMED', 'CANCELLED']) this.duration.zero({ outcome });
  }

  /** Call after the placing transaction committed (not for an idempotent replay). */
  noteStarted(): void {
    this.started.inc();
  }

  /** Call inside the transaction that made the order final; counts when it commits. */
  noteEnded(manager: EntityManager, end: SagaEnd): void {
    this.transactions.afterCommit(manager, () => {
      if (end.status === 'CONFIRMED') this.confirmed.inc();
      else this.cancelled.inc({ reason: end.reason ?? 'UNKNOWN' });
      const seconds = Math.max(0, end.endedAt.getTime() - end.startedAt.getTime()) / 1000;
      this.duration.observe({ outcome: end.status }, seconds);
    });
  }
}

/** Imported by the service that owns the saga's outcome; its handlers take SagaMetrics as an optional dependency. */
@Global()
@Module({ providers: [SagaMetrics], exports: [SagaMetrics] })
export class SagaMetricsModule {}
