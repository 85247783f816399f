import { DataSource, EntityManager } from 'typeorm';
import { SagaEvent } from '@saga/events';
import { appendToOutbox } from './outbox/outbox.writer';
import { OutboxRelay } from './outbox/outbox.relay';
import { claimInbox } from './inbox/inbox';

export type Emit = (event: SagaEvent) => void;
export type TransactionalWork<T> = (manager: EntityManager, emit: Emit) => Promise<T>;

export interface TransactionRunnerOptions {
  /** Inbox consumer name: one per service, so each service applies an event once. */
  consumer: string;
  /** Test-only fault point: the process dies right after committing one of these event types, before publishing. */
  crashAfterCommitOf?: readonly string[];
}

/**
 * The one shape of every state change: a single local transaction that (for reactions) claims
 * the inbox row, changes state and appends the resulting events to the outbox. Nothing is
 * published until that transaction has committed.
 */
export class TransactionRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
    private readonly options: TransactionRunnerOptions,
  ) {}

  /** For commands (REST): state change + outbox, atomically. */
  async run<T>(work: TransactionalWork<T>): Promise<T> {
    const emitted: SagaEvent[] = [];
    const result = await this.dataSource.transaction(async (manager) => {
      const value = await work(manager, (event) => emitted.push(event));
      await appendToOutbox(manager, emitted);
      return value;
    });
    this.afterCommit(emitted);
    return result;
  }

  /**
   * For reactions to an event: applies `work` at most once per event. A redelivered event finds
   * its inbox row and changes nothing; returns false then.
   */
  async runOnce(event: SagaEvent, work: TransactionalWork<void>): Promise<boolean> {
    const emitted: SagaEvent[] = [];
    const applied = await this.dataSource.transaction(async (manager) => {
      if (!(await claimInbox(manager, this.options.consumer, event.eventId))) return false;
      await work(manager, (e) => emitted.push(e));
      await appendToOutbox(manager, emitted);
      return true;
    });
    if (applied) this.afterCommit(emitted);
    return applied;
  }

  private afterCommit(emitted: SagaEvent[]): void {
    if (emitted.length === 0) return;
    const faultTypes = this.options.crashAfterCommitOf;
    if (faultTypes?.length && emitted.some((e) => faultTypes.includes(e.type))) {
      process.kill(process.pid, 'SIGKILL');
    }
    this.relay.wake();
  }
}
