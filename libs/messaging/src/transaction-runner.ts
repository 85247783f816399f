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
  /** Told about every redelivery the inbox absorbed (metrics); must be cheap and must not throw. */
  onDuplicate?: (event: SagaEvent) => void;
}

/**
 * The one shape of every state change: a single local transaction that (for reactions) claims
 * the inbox row, changes state and appends the resulting events to the outbox. Nothing is
 * published until that transaction has committed.
 */
export class TransactionRunner {
  private readonly commitCallbacks = new WeakMap<EntityManager, Array<() => void>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
    private readonly options: TransactionRunnerOptions,
  ) {}

  /** For commands (REST): state change + outbox, atomically. */
  async run<T>(work: TransactionalWork<T>): Promise<T> {
    const emitted: SagaEvent[] = [];
    const callbacks: Array<() => void> = [];
    const result = await this.dataSource.transaction(async (manager) => {
      this.commitCallbacks.set(manager, callbacks);
      const value = await work(manager, (event) => emitted.push(event));
      await appendToOutbox(manager, emitted);
      return value;
    });
    this.committed(emitted, callbacks);
    return result;
  }

  /**
   * For reactions to an event: applies `work` at most once per event. A redelivered event finds
   * its inbox row and changes nothing; returns false then.
   */
  async runOnce(event: SagaEvent, work: TransactionalWork<void>): Promise<boolean> {
    const emitted: SagaEvent[] = [];
    const callbacks: Array<() => void> = [];
    const applied = await this.dataSource.transaction(async (manager) => {
      if (!(await claimInbox(manager, this.options.consumer, event.eventId))) return false;
      this.commitCallbacks.set(manager, callbacks);
      await work(manager, (e) => emitted.push(e));
      await appendToOutbox(manager, emitted);
      return true;
    });
    if (applied) this.committed(emitted, callbacks);
    else this.options.onDuplicate?.(event);
    return applied;
  }

  /**
   * Runs `callback` once the transaction of `manager` (one of this runner's) has committed; never when it
   * rolls back. For effects outside the database that must not happen twice when a failed attempt is
   * retried, such as counting an outcome. The callback must not throw.
   */
  afterCommit(manager: EntityManager, callback: () => void): void {
    const callbacks = this.commitCallbacks.get(manager);
    if (!callbacks) throw new Error('afterCommit needs the EntityManager of a transaction opened by this TransactionRunner');
    callbacks.push(callback);
  }

  private committed(emitted: SagaEvent[], callbacks: Array<() => void>): void {
    callbacks.forEach((callback) => callback());
    if (emitted.length === 0) return;
    const faultTypes = this.options.crashAfterCommitOf;
    if (faultTypes?.length && emitted.some((e) => faultTypes.includes(e.type))) {
      process.kill(process.pid, 'SIGKILL');
    }
    this.relay.wake();
  }
}
