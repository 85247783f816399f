import { INestApplication, Type } from '@nestjs/common';
import { Logger } from 'pino';
import { MessageBus } from '../kafka/message-bus.port';
import { CommonEnv } from '../config/common-env';
import { kafkaConnectionFrom } from '../config/kafka-connection';
import { SagaKafkaTransport } from '../consumer/saga-kafka.transport';
import { TransactionRunner } from '../transaction-runner';
import { KeepErrorsFilter } from '../consumer/keep-errors.filter';
import { createLogger } from '../logging';
import { MESSAGE_BUS, SERVICE_LOGGER } from './messaging.tokens';
import { ConsumerLagMonitor } from '../observability/consumer-lag/consumer-lag.monitor';
import { MessagingMetrics } from '../observability/metrics/messaging-metrics';
import { setupOpenApi } from '../observability/openapi/openapi';
import { PinoNestLogger } from './pino-nest-logger';
import { drainableHttp } from './http-drain';
import { createSagaHttpApp } from './http-app';
import { everyInterface } from './listen-address';
import { BatchPreparation } from '../consumer/batch-preparation';

/** More than the partitions one service consumes: the client then hands over a whole fetch at once. */
const ALL_PARTITIONS = 64;

export interface SagaServiceDefinition {
  service: string;
  module: Type<unknown>;
  env: CommonEnv;
  /** Topics whose events this service's @EventPattern handlers react to. */
  consumes: string[];
  /**
   * Event types never applied inside a batch transaction, because their handler calls another
   * system before opening its own transaction (a slow call must not hold a batch's row locks).
   */
  perRecordEvents?: readonly string[];
  /** A provider of the service's module that loads and locks a batch's rows at once (and calls out before it). */
  batchPreparation?: Type<BatchPreparation>;
  /** Request body limit in bytes (default 64 KiB): a reason-bearing 413 instead of buffering whatever a client sends. */
  bodyLimitBytes?: number;
  /** What the service does, for the top of its OpenAPI document (/docs). */
  description?: string;
}

/**
 * Starts one saga service: HTTP API with validated input and OpenAPI docs, the saga event consumer,
 * tracing of requests, consumer lag sampling, graceful shutdown. Kept here so each service's main.ts
 * is a few lines.
 */
export async function bootstrapSagaService(definition: SagaServiceDefinition): Promise<INestApplication> {
  // Half-configured TLS/SASL or an unreadable certificate is reported by variable name here, before Nest
  // would turn the same error inside a module factory into an abort with a stack trace.
  kafkaConnectionFrom(definition.service, definition.env);
  const app = await createSagaHttpApp(definition.module, {
    logger: new PinoNestLogger(createLogger(definition.service)),
    bodyLimitBytes: definition.bodyLimitBytes,
  });
  app.enableShutdownHooks();
  // Nest closes the HTTP server only after the shutdown hooks have run; from the stop signal on, responses
  // already tell keep-alive clients to reconnect elsewhere and idle connections are closed (see drainableHttp).
  const drainHttp = drainableHttp(app);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, drainHttp);
  setupOpenApi(app, {
    service: definition.service,
    description: definition.description ?? `The ${definition.service} service of the Kafka saga reference.`,
  });

  const logger = app.get<Logger>(SERVICE_LOGGER);
  const metrics = app.get(MessagingMetrics);
  const groupId = `${definition.service}-service`;
  const batchSize = definition.env.CONSUMER_TRANSACTION_BATCH;
  const consumer = app.connectMicroservice(
    {
      strategy: new SagaKafkaTransport({
        bus: app.get<MessageBus>(MESSAGE_BUS),
        groupId,
        topics: definition.consumes,
        logger: logger.child({ component: 'consumer' }),
        // Batching: every partition of a fetch is handed over at once and applied together, in one
        // transaction at a time (PartitionBatchCoalescer). Record by record: three partitions in parallel.
        partitionsConsumedConcurrently: batchSize > 1 ? ALL_PARTITIONS : 3,
        transactionBatches: {
          runner: app.get(TransactionRunner),
          maxRecords: batchSize,
          perRecord: definition.perRecordEvents,
          preparation: definition.batchPreparation && app.get(definition.batchPreparation),
        },
        retry: {
          maxAttempts: definition.env.CONSUMER_MAX_ATTEMPTS,
          initialDelayMs: definition.env.CONSUMER_RETRY_INITIAL_MS,
          maxDelayMs: definition.env.CONSUMER_RETRY_MAX_MS,
        },
        onDeadLetter: (record, reason) => metrics.noteDeadLetter(record.topic, reason),
      }),
    },
    // Deferred: connectMicroservice otherwise builds the handlers' exception filters at once,
    // before the filter below is registered, and Nest's default filter would turn every error
    // (TransientError included) into "Internal server error": retries and DLT reasons lost.
    { inheritAppConfig: false, deferInitialization: true },
  );
  consumer.useGlobalFilters(new KeepErrorsFilter());

  await app.startAllMicroservices();
  app.get(ConsumerLagMonitor).watch(groupId, definition.consumes);
  await app.listen(definition.env.PORT, await everyInterface());
  logger.info({ port: definition.env.PORT, consumes: definition.consumes }, `${definition.service} service ready`);
  return app;
}
