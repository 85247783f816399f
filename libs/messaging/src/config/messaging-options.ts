import { CommonEnv } from './common-env';
import { kafkaConnectionFrom } from './kafka-connection';
import { MessagingOptions } from '../nest/messaging.module';
import { PgDriverOptions } from '../postgres/pg-driver';

/** Maps the shared environment onto the messaging module's options. */
export function messagingOptionsFrom(service: string, env: CommonEnv): MessagingOptions {
  return {
    service,
    kafka: {
      ...kafkaConnectionFrom(`${service}-service`, env),
      maxWaitTimeInMs: env.KAFKA_MAX_WAIT_MS,
      sessionTimeoutMs: env.KAFKA_SESSION_TIMEOUT_MS,
      heartbeatIntervalMs: env.KAFKA_HEARTBEAT_INTERVAL_MS,
      consumerLingerMs: env.CONSUMER_LINGER_MS,
    },
    relay: {
      batchSize: env.OUTBOX_BATCH_SIZE,
      pollIntervalMs: env.OUTBOX_POLL_MS,
      lingerMs: env.OUTBOX_LINGER_MS,
      lockKey: 0x5a6a,
      publishAfterCommit: env.OUTBOX_PUBLISH_AFTER_COMMIT ? { staleAfterMs: env.OUTBOX_STALE_AFTER_MS } : undefined,
    },
    inboxPurge: {
      retentionDays: env.INBOX_RETENTION_DAYS,
      intervalMs: env.INBOX_PURGE_INTERVAL_MS,
      batchSize: env.INBOX_PURGE_BATCH_SIZE,
    },
    crashAfterCommitOf: env.FAULT_CRASH_AFTER_COMMIT,
    observability: {
      otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
      exportDelayMs: env.OTEL_BSP_SCHEDULE_DELAY,
      consumerLag: { sampleIntervalMs: env.CONSUMER_LAG_SAMPLE_MS, windowSize: env.CONSUMER_LAG_WINDOW },
    },
  };
}

/** Maps the shared environment onto the database driver's options (pgDriver). */
export function pgDriverOptionsFrom(env: CommonEnv): PgDriverOptions {
  return { prepareStatements: env.DATABASE_PREPARED_STATEMENTS, pipelineBegin: env.DATABASE_PIPELINE_BEGIN };
}
