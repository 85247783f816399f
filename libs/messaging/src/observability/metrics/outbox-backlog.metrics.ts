import { Gauge, Registry } from 'prom-client';
import { DataSource } from 'typeorm';

interface Backlog {
  rows: number;
  oldestAgeSeconds: number;
}

/**
 * Outbox rows not yet acknowledged by Kafka and the age of the oldest, read from the database when
 * Prometheus scrapes (one aggregate query per scrape, nothing on the write path). A backlog that keeps
 * growing means the relay cannot publish. When the database does not answer within the timeout both
 * gauges read NaN: unknown, rather than a stale number that looks healthy.
 */
export function registerOutboxBacklogMetrics(registry: Registry, dataSource: DataSource, timeoutMs = 2000): void {
  let inFlight: Promise<Backlog> | undefined;
  // Both gauges are collected concurrently on each scrape: they share one query.
  const read = () =>
    (inFlight ??= readBacklog(dataSource, timeoutMs).finally(() => {
      inFlight = undefined;
    }));

  new Gauge({
    name: 'outbox_backlog_rows',
    help: 'Outbox rows committed but not yet acknowledged by Kafka (NaN: database unreachable).',
    registers: [registry],
    async collect() {
      this.set((await read()).rows);
    },
  });
  new Gauge({
    name: 'outbox_oldest_row_age_seconds',
    help: 'Age of the oldest unpublished outbox row; 0 when the outbox is empty (NaN: database unreachable).',
    registers: [registry],
    async collect() {
      this.set((await read()).oldestAgeSeconds);
    },
  });
}

async function readBacklog(dataSource: DataSource, timeoutMs: number): Promise<Backlog> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('outbox backlog query timed out')), timeoutMs);
  });
  try {
    const [row] = await Promise.race([
      dataSource.query(
        `SELECT count(*)::int AS rows,
                COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS age
           FROM outbox_message`,
      ),
      timeout,
    ]);
    return { rows: row.rows, oldestAgeSeconds: row.age };
  } catch {
    return { rows: NaN, oldestAgeSeconds: NaN };
  } finally {
    clearTimeout(timer);
  }
}
