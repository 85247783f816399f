import { DataSource } from 'typeorm';
import { Logger } from 'pino';
import { MessageBus, OutgoingRecord } from '../kafka/message-bus.port';

export interface OutboxRelayOptions {
  /** Rows published per Kafka request and per database transaction. */
  batchSize: number;
  /** How often the table is read for rows nobody else publishes (another instance's, a crashed one's); a commit here wakes the relay at once. */
  pollIntervalMs: number;
  /** Pause after a batch smaller than batchSize before the next one (OUTBOX_LINGER_MS); absent: none. */
  lingerMs?: number;
  /** Advisory-lock key: one relay per database reads the outbox at a time, which keeps its rows in commit order. */
  lockKey: number;
  /**
   * Publish what this process commits from memory, right after the commit, and delete the rows once the broker
   * acknowledged them (OUTBOX_PUBLISH_AFTER_COMMIT). The table is then read only for rows nobody published:
   * at start, after a failed publish, and, every pollIntervalMs, rows older than staleAfterMs (a process died
   * between its commit and its publish). Absent: every row is read back from the table.
   */
  publishAfterCommit?: { staleAfterMs: number };
}

/** An event a committed transaction appended to the outbox, as it is published. */
export interface CommittedRecord extends OutgoingRecord {
  eventId: string;
}

/**
 * Batches that may wait in memory for the broker. Beyond them the broker is slower than the commits for a while:
 * the relay stops holding copies and reads the rows back from the table, where they are anyway.
 */
const BATCHES_HELD_IN_MEMORY = 10;

interface OutboxRow {
  id: string | null;
  lock_held: boolean;
  topic: string;
  message_key: string;
  value: string;
  headers: Record<string, string>;
}

/**
 * Publishes committed outbox rows. Rows read from the table are deleted in the same transaction that
 * waits for the broker's acknowledgement, so a failed publish rolls the delete back and the rows are
 * retried; a crash after the publish but before the commit re-publishes them, which the consumers' inbox
 * absorbs. Rows published from memory (publishAfterCommit) are deleted after the acknowledgement; until
 * then they are in the table, so a crash or a failure leaves them to be read back, published twice at worst.
 */
export class OutboxRelay {
  private running = false;
  private wakeRequested = false;
  private wakeUp: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private consecutiveFailures = 0;
  /** True once the relay has read the table to its end, holding the lock: from then on this process's commits go out from memory. */
  private publishingFromMemory = false;
  private readonly committedRecords: CommittedRecord[] = [];
  private lastSweepAt = 0;
  private deletions: Promise<void> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: MessageBus,
    private readonly logger: Logger,
    private readonly options: OutboxRelayOptions,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  private wake(): void {
    this.wakeRequested = true;
    this.wakeUp?.();
  }

  /** Called after a local transaction has committed `records` to the outbox, in commit order. */
  committed(records: CommittedRecord[]): void {
    if (this.publishingFromMemory) {
      this.committedRecords.push(...records);
      if (this.committedRecords.length > this.options.batchSize * BATCHES_HELD_IN_MEMORY) {
        this.logger.warn({ waiting: this.committedRecords.length }, 'the broker is slower than the commits; reading the outbox back from the table');
        this.readTableBack();
      }
    }
    this.wake();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.loop;
    // What the last transactions committed, so that it does not wait for the next start or another instance's sweep.
    if (this.publishingFromMemory) {
      await this.publishCommitted().catch((error: unknown) =>
        this.logger.warn({ err: error }, 'committed events not published at stop; they stay in the outbox'),
      );
    }
    await this.deletions;
  }

  /** Publishes everything currently in the outbox; returns how many rows went out. */
  async drain(): Promise<number> {
    return (await this.drainTable()).published;
  }

  private async drainTable(olderThanMs?: number): Promise<{ published: number; lockHeld: boolean }> {
    let total = 0;
    for (;;) {
      const { published, lockHeld } = await this.publishOneBatch(olderThanMs);
      total += published;
      if (published < this.options.batchSize) return { published: total, lockHeld };
    }
  }

  private async linger(published: number): Promise<void> {
    const lingerMs = this.options.lingerMs ?? 0;
    if (lingerMs > 0 && published > 0 && this.running) await new Promise((resolve) => setTimeout(resolve, lingerMs));
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.wakeRequested = false;
      try {
        if (this.publishingFromMemory) {
          await this.publishCommitted();
          await this.sweepStaleRows();
        } else await this.publishFromTable();
        this.consecutiveFailures = 0;
      } catch (error) {
        this.readTableBack();
        this.consecutiveFailures++;
        this.logger.warn({ err: error, failures: this.consecutiveFailures }, 'outbox publish failed; rows stay for retry');
      }
      if (!this.running) break;
      if (this.wakeRequested && this.consecutiveFailures === 0) continue;
      const backoff = this.consecutiveFailures > 0 ? Math.min(5000, 100 * 2 ** this.consecutiveFailures) : this.options.pollIntervalMs;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, backoff);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUp = null;
    }
  }

  private async publishFromTable(): Promise<void> {
    const { published, lockHeld } = await this.drainTable();
    // A commit the drain did not see has woken the relay by now, or will hand its records over from here on.
    if (this.options.publishAfterCommit && lockHeld && !this.wakeRequested) {
      this.publishingFromMemory = true;
      this.logger.info('outbox read back to the end; publishing commits from memory');
    }
    // Linger after publishing (as Kafka's linger.ms): commits made meanwhile go out in the next request.
    await this.linger(published);
  }

  /** Stops publishing from memory: what this process committed and did not publish is in the table, in order. */
  private readTableBack(): void {
    this.publishingFromMemory = false;
    this.committedRecords.length = 0;
  }

  private async publishCommitted(): Promise<void> {
    while (this.publishingFromMemory && this.committedRecords.length > 0) {
      const records = this.committedRecords.splice(0, this.options.batchSize);
      await this.bus.publish(records);
      this.forget(records.map((record) => record.eventId));
    }
  }

  /** Rows nobody is publishing: left by a process that died between its commit and its publish. */
  private async sweepStaleRows(): Promise<void> {
    if (Date.now() - this.lastSweepAt < this.options.pollIntervalMs) return;
    this.lastSweepAt = Date.now();
    const staleAfterMs = this.options.publishAfterCommit?.staleAfterMs;
    const { published } = await this.drainTable(staleAfterMs);
    if (published > 0) this.logger.warn({ rows: published, staleAfterMs }, 'published outbox rows nobody had published: a process died after its commit');
  }

  /** Deletes rows the broker acknowledged; one that stays (the database failed) is published again by a sweep. */
  private forget(eventIds: string[]): void {
    this.deletions = this.deletions
      .then(() => this.dataSource.query(`DELETE FROM outbox_message WHERE event_id = ANY($1::uuid[])`, [eventIds]))
      .then(
        () => undefined,
        (error: unknown) => this.logger.warn({ err: error, rows: eventIds.length }, 'published outbox rows not deleted; a sweep publishes them again'),
      );
  }

  private publishOneBatch(olderThanMs?: number): Promise<{ published: number; lockHeld: boolean }> {
    return this.dataSource.transaction(async (manager) => {
      // One statement: the lock is taken once (a CTE read twice is evaluated once); without it nothing is
      // selected, so another instance's relay keeps the outbox to itself. The lock's row comes back even
      // when nothing is published, and the rows come back in id (commit) order.
      const result: OutboxRow[] = await manager.query(
        `WITH lock AS (SELECT pg_try_advisory_xact_lock($2) AS held),
         published AS (
           DELETE FROM outbox_message WHERE id IN (
             SELECT id FROM outbox_message
             WHERE (SELECT held FROM lock) AND ($3::int IS NULL OR created_at < now() - make_interval(secs => $3::int / 1000.0))
             ORDER BY id LIMIT $1)
           RETURNING id, topic, message_key, value, headers)
         SELECT lock.held AS lock_held, published.* FROM lock LEFT JOIN published ON true ORDER BY published.id`,
        [this.options.batchSize, this.options.lockKey, olderThanMs ?? null],
      );
      const rows = result.filter((row) => row.id !== null);
      if (rows.length > 0) {
        await this.bus.publish(
          rows.map((row) => ({ topic: row.topic, key: row.message_key, value: row.value, headers: row.headers })),
        );
      }
      return { published: rows.length, lockHeld: result[0]?.lock_held ?? false };
    });
  }
}
