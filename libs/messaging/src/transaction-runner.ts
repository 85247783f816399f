import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager } from 'typeorm';
import { SagaEvent } from '@saga/events';
import { outboxAppend, OutboxRow, outboxRowsOf } from './outbox/outbox.writer';
import { writeTogether } from './deferred-statement';
import { OutboxRelay } from './outbox/outbox.relay';
import { claimInbox, claimInboxBatch } from './inbox/inbox';
import { beginUnitOfWork, openUnitOfWork } from './unit-of-work';

export type Emit = (event: SagaEvent) => void;
export type TransactionalWork<T> = (manager: EntityManager, emit: Emit) => Promise<T>;
/** Loads and locks in one go what a batch's handlers will read (runBatch), so each event finds it in its unit of work. */
export type PrepareBatch = (manager: EntityManager, events: SagaEvent[]) => Promise<void>;

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
  /** Set while runBatch dispatches: runOnce then joins the batch's transaction instead of opening one. */
  private readonly batch = new AsyncLocalStorage<BatchScope>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
    private readonly options: TransactionRunnerOptions,
  ) {}

  /**
   * For commands (REST): state change + outbox, atomically. Each row is built when its event is emitted,
   * with the trace context active then, so a command writing several requests at once (the order
   * service's group commit) can emit each request's event in that request's context.
   */
  async run<T>(work: TransactionalWork<T>): Promise<T> {
    return this.transaction((manager, rows) => work(manager, (event) => rows.push(...outboxRowsOf([event]))));
  }

  /**
   * For reactions to an event: applies `work` at most once per event. A redelivered event finds
   * its inbox row and changes nothing; returns false then.
   */
  async runOnce(event: SagaEvent, work: TransactionalWork<void>): Promise<boolean> {
    const batch = this.batch.getStore();
    if (batch) return this.runInBatch(batch, event, work);
    const applied = await this.transaction(async (manager, rows) => {
      if (!(await claimInbox(manager, this.options.consumer, event.eventId))) return false;
      await work(manager, (e) => rows.push(...outboxRowsOf([e])));
      return true;
    });
    if (!applied) this.options.onDuplicate?.(event);
    return applied;
  }

  /**
   * Applies a fetched batch of events in ONE local transaction: one set-based inbox claim, then each
   * new event's `dispatch` in order (the handler's runOnce joins this transaction), the unit of work's
   * deferred writes, one outbox insert, one commit. `prepare` runs first with the new events, to load and
   * lock their rows in a few statements instead of a few per event. Per event it is exactly what runOnce
   * does, with the round trips and commits of the batch shared. All or nothing: if a handler throws, the
   * whole batch rolls back and the error propagates, so the caller can apply the events one by one.
   */
  async runBatch(events: SagaEvent[], dispatch: (event: SagaEvent) => Promise<void>, prepare?: PrepareBatch): Promise<void> {
    const duplicates = await this.transaction(async (manager, rows) => {
      const claimed = await claimInboxBatch(manager, this.options.consumer, events.map((e) => e.eventId));
      const fresh = [...new Map(events.filter((e) => claimed.has(inboxId(e))).map((e) => [inboxId(e), e])).values()];
      if (prepare && fresh.length > 0) await prepare(manager, fresh);
      const seen: SagaEvent[] = [];
      for (const event of events) {
        // Checked at dispatch time: a handler's runOnce takes its claim out, so a repeat finds none.
        if (claimed.has(inboxId(event))) await this.batch.run({ manager, claimed, rows }, () => dispatch(event));
        else seen.push(event);
      }
      return seen;
    });
    duplicates.forEach((event) => this.options.onDuplicate?.(event));
  }

  /** True while a batch's handlers run: a handler must not call another system then (the batch holds row locks). */
  inBatch(): boolean {
    return this.batch.getStore() !== undefined;
  }

  /**
   * The one shape of every transaction here: `body` with a fresh unit of work, then its deferred writes
   * and the outbox rows (its deferred statements and the outbox append in one round trip), the commit, and
   * only then its afterCommit callbacks and the hand-over of its events to the relay. The commit goes out with the writes, not after
   * their answer: their checks run in PostgreSQL (DeferredStatement.expect).
   */
  private async transaction<T>(body: (manager: EntityManager, rows: OutboxRow[]) => Promise<T>): Promise<T> {
    const rows: OutboxRow[] = [];
    const { value, unit, written } = await this.dataSource.transaction(async (manager) => {
      const unit = beginUnitOfWork(manager);
      const value = await body(manager, rows);
      const deferred = unit.flush();
      const outbox = outboxAppend(rows);
      const writes = outbox ? [...deferred, outbox] : deferred;
      // COMMIT follows the writes without waiting for their answer (pgDriver pipelines it). If they fail,
      // PostgreSQL ends the transaction with a rollback in COMMIT's place, and `await written` throws.
      const written = writeTogether(manager, writes);
      written.catch(() => undefined);
      return { value, unit, written };
    });
    await written;
    unit.committed();
    this.committed(rows);
    return value;
  }

  private async runInBatch(batch: BatchScope, event: SagaEvent, work: TransactionalWork<void>): Promise<boolean> {
    // Claimed by the batch's one INSERT; taken out so a second call for the same event does nothing.
    if (!batch.claimed.delete(inboxId(event))) return false;
    const emitted: SagaEvent[] = [];
    await work(batch.manager, (e) => emitted.push(e));
    // Built now, while this event's consumer span is active, so each row carries its own trace context.
    batch.rows.push(...outboxRowsOf(emitted));
    return true;
  }

  /**
   * Runs `callback` once the transaction of `manager` (one of this runner's) has committed; never when it
   * rolls back. For effects outside the database that must not happen twice when a failed attempt is
   * retried, such as counting an outcome. The callback must not throw.
   */
  afterCommit(manager: EntityManager, callback: () => void): void {
    const unit = openUnitOfWork(manager);
    if (!unit) throw new Error('afterCommit needs the EntityManager of a transaction opened by this TransactionRunner');
    unit.afterCommit(callback);
  }

  /** Hands what a committed transaction emitted to the relay, to publish now (and the crash fault injection's point). */
  private committed(rows: OutboxRow[]): void {
    if (rows.length === 0) return;
    const faultTypes = this.options.crashAfterCommitOf;
    if (faultTypes?.length && rows.some((row) => faultTypes.includes(row.event.type))) {
      process.kill(process.pid, 'SIGKILL');
    }
    this.relay.committed(rows);
  }
}

/** PostgreSQL returns a uuid in lower case whatever case it was sent in; the contract accepts either. */
function inboxId(event: SagaEvent): string {
  return event.eventId.toLowerCase();
}

interface BatchScope {
  manager: EntityManager;
  /** Events of the batch claimed in the inbox and not yet applied. */
  claimed: Set<string>;
  rows: OutboxRow[];
}
