import { z } from 'zod';

const hostPort = z.string().regex(/^[A-Za-z0-9.\-_[\]:]+:\d{1,5}$/, 'expected host:port');

/**
 * Environment variables every service shares. Each service extends this schema with its own
 * and parses process.env once at start: a missing or malformed value stops the process with
 * a message naming the variable.
 */
export const commonEnvSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'expected postgres://user:password@host:port/database' }),
  /**
   * Name parameterised statements, so PostgreSQL parses and plans each once per connection. false behind a
   * pooler that cannot keep a connection's prepared statements (PgBouncer before 1.21 in transaction mode).
   */
  DATABASE_PREPARED_STATEMENTS: z.stringbool().default(true),
  /** Send a transaction's BEGIN with its first statement, one round trip less; false for a proxy that does not take pipelined requests. */
  DATABASE_PIPELINE_BEGIN: z.stringbool().default(true),
  KAFKA_BROKERS: z
    .string()
    .default('localhost:9092')
    .transform((value) => value.split(',').map((b) => b.trim()).filter(Boolean))
    .pipe(z.array(hostPort).min(1)),
  KAFKA_SSL: z.stringbool().default(false),
  KAFKA_SASL_MECHANISM: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).optional(),
  KAFKA_SASL_USERNAME: z.string().optional(),
  KAFKA_SASL_PASSWORD: z.string().optional(),
  /** PEM files for a cluster behind a private CA or one that wants client certificates; any of them turns TLS on. */
  KAFKA_SSL_CA_FILE: z.string().min(1).optional(),
  KAFKA_SSL_CERT_FILE: z.string().min(1).optional(),
  KAFKA_SSL_KEY_FILE: z.string().min(1).optional(),
  OUTBOX_POLL_MS: z.coerce.number().int().min(10).default(500),
  OUTBOX_BATCH_SIZE: z.coerce.number().int().min(1).max(5000).default(500),
  /**
   * After publishing a batch smaller than OUTBOX_BATCH_SIZE, the relay waits this long before the next one, so
   * that under load each Kafka request and each transaction carries many events (as Kafka's linger.ms).
   */
  OUTBOX_LINGER_MS: z.coerce.number().int().min(0).max(1000).default(5),
  /**
   * Each process publishes its own commits from memory right after they commit; false: every row is read back
   * from the table by the relay (one per database at a time, in id order), a round trip and a pause later.
   */
  OUTBOX_PUBLISH_AFTER_COMMIT: z.stringbool().default(true),
  /** With OUTBOX_PUBLISH_AFTER_COMMIT, rows older than this are taken as left by a process that died before publishing them. */
  OUTBOX_STALE_AFTER_MS: z.coerce.number().int().min(1000).default(10_000),
  CONSUMER_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(5),
  CONSUMER_RETRY_INITIAL_MS: z.coerce.number().int().min(1).default(100),
  CONSUMER_RETRY_MAX_MS: z.coerce.number().int().min(1).default(5000),
  /** Records of a fetched batch applied in one local transaction; 1: a transaction per record. */
  CONSUMER_TRANSACTION_BATCH: z.coerce.number().int().min(1).max(5000).default(500),
  KAFKA_MAX_WAIT_MS: z.coerce.number().int().min(10).default(500),
  /**
   * After applying a fetch, the consumer waits this long before fetching again, so that under load each
   * fetch, transaction and offset commit carries many events. Idle, nothing changes: fetches long-poll.
   */
  CONSUMER_LINGER_MS: z.coerce.number().int().min(0).max(1000).default(5),
  KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6000).default(30000),
  KAFKA_HEARTBEAT_INTERVAL_MS: z.coerce.number().int().min(100).default(3000),
  /** Inbox claims older than this are purged; keep it at least the consumed topics' retention (7 days). */
  INBOX_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
  INBOX_PURGE_INTERVAL_MS: z.coerce.number().int().min(1000).default(60 * 60 * 1000),
  INBOX_PURGE_BATCH_SIZE: z.coerce.number().int().min(1).max(100_000).default(5000),
  /** OpenTelemetry OTLP/HTTP collector, e.g. http://localhost:4318: spans go to <endpoint>/v1/traces. Unset or empty: no export. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.url({ protocol: /^https?$/, error: 'expected http(s)://host:port of an OTLP/HTTP collector' }).optional(),
  ),
  /** How long finished spans are batched before one export request. */
  OTEL_BSP_SCHEDULE_DELAY: z.coerce.number().int().min(1).default(5000),
  /** How often the consumer group's committed offsets are compared with the partitions' end offsets. */
  CONSUMER_LAG_SAMPLE_MS: z.coerce.number().int().min(100).default(10_000),
  /** Samples in one Burrow-style lag evaluation window (the window spans WINDOW - 1 sample intervals). */
  CONSUMER_LAG_WINDOW: z.coerce.number().int().min(2).max(100).default(10),
  /** Test-only fault point (failure-injection suite): die right after committing one of these event types. */
  FAULT_CRASH_AFTER_COMMIT: z
    .string()
    .optional()
    .transform((value) => (value ? value.split(',').map((t) => t.trim()) : [])),
});

export type CommonEnv = z.infer<typeof commonEnvSchema>;

export class ConfigError extends Error {
  constructor(service: string, issues: string[]) {
    super(`${service}: invalid configuration\n  ${issues.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment against a schema, or throws a ConfigError that names every bad variable. */
export function parseEnv<T extends z.ZodType>(service: string, schema: T, env: NodeJS.ProcessEnv): z.infer<T> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new ConfigError(
    service,
    result.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`),
  );
}
