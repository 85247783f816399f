import { DynamicModule, Inject, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ModuleMetadata } from '@nestjs/common/interfaces';
import { DataSource } from 'typeorm';
import { Logger } from 'pino';
import { KafkaConnectionOptions } from '../kafka/kafka-options';
import { KafkajsBus } from '../kafka/kafkajs-bus';
import { MessageBus } from '../kafka/message-bus.port';
import { OutboxRelay, OutboxRelayOptions } from '../outbox/outbox.relay';
import { TransactionRunner } from '../transaction-runner';
import { InboxPurgeOptions, InboxPurger } from '../inbox/inbox-purger';
import { createLogger } from '../logging';
import { HealthController } from './health.controller';
import { MetricsController } from '../observability/metrics/metrics.controller';
import { MessagingMetrics } from '../observability/metrics/messaging-metrics';
import { ObservabilityOptions, observabilityExports, observabilityProviders } from '../observability/observability.providers';
import { INBOX_PURGER, MESSAGE_BUS, MESSAGING_OPTIONS, SERVICE_LOGGER } from './messaging.tokens';

export interface MessagingOptions {
  service: string;
  kafka: KafkaConnectionOptions;
  relay: OutboxRelayOptions;
  /** Absent: inbox claims are kept forever (the table grows by one row per consumed event). */
  inboxPurge?: InboxPurgeOptions;
  crashAfterCommitOf?: readonly string[];
  /** Trace export and consumer lag sampling; absent: no export, lag sampled every 10 s over 10 samples. */
  observability?: ObservabilityOptions;
}

@Injectable()
class MessagingLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly relay: OutboxRelay,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(INBOX_PURGER) private readonly inboxPurger: InboxPurger | null,
  ) {}

  onApplicationBootstrap(): void {
    this.relay.start();
    this.inboxPurger?.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.inboxPurger?.stop();
    await this.relay.stop();
    await this.bus.close();
  }
}

/**
 * Wires a service's messaging edge: the Kafka bus, the outbox relay, the transaction runner
 * (inbox + outbox), /health, and the operations side: /metrics, consumer lag, tracing.
 * The service's DataSource must be registered (TypeOrmModule).
 */
@Module({})
export class MessagingModule {
  static forRootAsync(config: {
    imports?: ModuleMetadata['imports'];
    inject?: unknown[];
    useFactory: (...args: any[]) => MessagingOptions;
  }): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      imports: [...(config.imports ?? []), TerminusModule],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: MESSAGING_OPTIONS, useFactory: config.useFactory, inject: (config.inject ?? []) as never[] },
        {
          provide: SERVICE_LOGGER,
          useFactory: (options: MessagingOptions) => createLogger(options.service),
          inject: [MESSAGING_OPTIONS],
        },
        {
          provide: MESSAGE_BUS,
          useFactory: (options: MessagingOptions) => new KafkajsBus(options.kafka),
          inject: [MESSAGING_OPTIONS],
        },
        {
          provide: OutboxRelay,
          useFactory: (dataSource: DataSource, bus: MessageBus, logger: Logger, options: MessagingOptions) =>
            new OutboxRelay(dataSource, bus, logger.child({ component: 'outbox-relay' }), options.relay),
          inject: [DataSource, MESSAGE_BUS, SERVICE_LOGGER, MESSAGING_OPTIONS],
        },
        {
          provide: TransactionRunner,
          useFactory: (dataSource: DataSource, relay: OutboxRelay, options: MessagingOptions, metrics: MessagingMetrics) =>
            new TransactionRunner(dataSource, relay, {
              consumer: options.service,
              crashAfterCommitOf: options.crashAfterCommitOf,
              onDuplicate: (event) => metrics.noteDuplicate(event.type),
            }),
          inject: [DataSource, OutboxRelay, MESSAGING_OPTIONS, MessagingMetrics],
        },
        {
          provide: INBOX_PURGER,
          useFactory: (dataSource: DataSource, logger: Logger, options: MessagingOptions) =>
            options.inboxPurge
              ? new InboxPurger(dataSource, logger.child({ component: 'inbox-purger' }), options.inboxPurge)
              : null,
          inject: [DataSource, SERVICE_LOGGER, MESSAGING_OPTIONS],
        },
        MessagingLifecycle,
        ...observabilityProviders,
      ],
      exports: [MESSAGE_BUS, SERVICE_LOGGER, OutboxRelay, TransactionRunner, MESSAGING_OPTIONS, ...observabilityExports],
    };
  }
}
