import { DataSource } from 'typeorm';
import { Logger } from 'pino';

export interface InboxPurgeOptions {
  /**
   * How long a claim is kept. A redelivery older than this would be processed again, so keep it at least as
   * long as the consumed topics' retention (7 days) and as the age of any dead letter you may still redrive.
   */
  retentionDays: number;
  intervalMs: number;
  /** Rows per DELETE: each batch is its own short transaction, so a large backlog never holds long locks. */
  batchSize: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes inbox claims (`processed_message`) older than the retention, on an interval. It is the only purge in
 * a service: outbox rows are deleted by the relay once Kafka acknowledged them, and business tables (orders and
 * their history, reservations, payments, ledger) are never purged.
 */
export class InboxPurger {
  private timer?: NodeJS.Timeout;
  private purging?: Promise<void>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
    private readonly options: InboxPurgeOptions,
  ) {}

  /** Purges once at start (a service that restarts often would otherwise never reach the interval), then on it. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), this.options.intervalMs);
    this.timer.unref();
    this.tick();
  }

  /** Stops the interval and waits for a purge in progress, so its DELETE is not cut by the pool closing. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.purging;
  }

  /** Deletes every claim older than the retention at `now`, batch by batch; returns how many went. */
  async purgeOnce(now: Date = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.options.retentionDays * DAY_MS);
    let total = 0;
    for (;;) {
      const [, deleted]: [unknown, number] = await this.dataSource.query(
        `DELETE FROM processed_message WHERE (consumer, event_id) IN (
           SELECT consumer, event_id FROM processed_message WHERE processed_at < $1 LIMIT $2)`,
        [cutoff, this.options.batchSize],
      );
      total += deleted;
      if (deleted < this.options.batchSize) return total;
    }
  }

  private tick(): void {
    if (this.purging) return;
    this.purging = this.purgeOnce()
      .then((deleted) => {
        if (deleted > 0) this.logger.info({ deleted, retentionDays: this.options.retentionDays }, 'purged old inbox claims');
      })
      .catch((error: unknown) => this.logger.warn({ err: error }, 'inbox purge failed; retrying next interval'))
      .finally(() => (this.purging = undefined));
  }
}
