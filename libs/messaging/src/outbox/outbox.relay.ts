import { DataSource } from 'typeorm';
import { Logger } from 'pino';
import { MessageBus } from '../kafka/message-bus.port';

export interface OutboxRelayOptions {
  /** Rows published per Kafka request and per database transaction. */
  batchSize: number;
  /** Safety net for rows committed by another instance or left by a crash; commits in this process wake the relay at once. */
  pollIntervalMs: number;
  /** Pause after a batch smaller than batchSize before the next one (OUTBOX_LINGER_MS); absent: none. */
  lingerMs?: number;
  /** Advisory-lock key: one relay per database publishes at a time, which keeps each order's events in commit order. */
  lockKey: number;
}

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  value: string;
  headers: Record<string, string>;
}

/**
 * Publishes committed outbox rows. Rows are deleted in the same transaction that waits for the
 * broker's acknowledgement, so a failed publish rolls the delete back and the rows are retried;
 * a crash after the publish but before the commit re-publishes them, which the consumers' inbox absorbs.
 */
export class OutboxRelay {
  private running = false;
  private wakeRequested = false;
  private wakeUp: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private consecutiveFailures = 0;

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

  /** Called after a local transaction that appended to the outbox has committed. */
  wake(): void {
    this.wakeRequested = true;
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.loop;
  }

  /** Publishes everything currently in the outbox; returns how many rows went out. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const published = await this.publishOneBatch();
      total += published;
      if (published < this.options.batchSize) return total;
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
        // Linger after publishing (as Kafka's linger.ms): commits made meanwhile go out in the next request.
        await this.linger(await this.drain());
        this.consecutiveFailures = 0;
      } catch (error) {
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

  private publishOneBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      // One statement: the lock is an uncorrelated sub-select (evaluated once); without it nothing is
      // selected, so another instance's relay keeps the outbox to itself. Wrapped in a SELECT so the
      // rows come back in id (commit) order.
      const rows: OutboxRow[] = await manager.query(
        `WITH published AS (
           DELETE FROM outbox_message WHERE id IN (
             SELECT id FROM outbox_message WHERE (SELECT pg_try_advisory_xact_lock($2)) ORDER BY id LIMIT $1)
           RETURNING id, topic, message_key, value, headers)
         SELECT * FROM published ORDER BY id`,
        [this.options.batchSize, this.options.lockKey],
      );
      if (rows.length === 0) return 0;
      await this.bus.publish(
        rows.map((row) => ({ topic: row.topic, key: row.message_key, value: row.value, headers: row.headers })),
      );
      return rows.length;
    });
  }
}
