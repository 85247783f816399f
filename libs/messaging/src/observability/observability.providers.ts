import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationShutdown, Provider } from '@nestjs/common';
import { Logger } from 'pino';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { MessageBus } from '../kafka/message-bus.port';
import { MESSAGE_BUS, MESSAGING_OPTIONS, SERVICE_LOGGER } from '../nest/messaging.tokens';
import type { MessagingOptions } from '../nest/messaging.module';
import { ConsumerLagMonitor, ConsumerLagOptions } from './consumer-lag/consumer-lag.monitor';
import { isGroupOffsetsReader } from './consumer-lag/group-offsets';
import { createMetricsRegistry } from './metrics/metrics-registry';
import { MessagingMetrics } from './metrics/messaging-metrics';
import { registerOutboxBacklogMetrics } from './metrics/outbox-backlog.metrics';
import { startTracing, Tracing } from './tracing/tracing';

export interface ObservabilityOptions {
  /** OTEL_EXPORTER_OTLP_ENDPOINT; absent: traces are propagated and logged, not exported. */
  otlpEndpoint?: string;
  /** OTEL_BSP_SCHEDULE_DELAY. */
  exportDelayMs?: number;
  consumerLag: ConsumerLagOptions;
}

export const DEFAULT_CONSUMER_LAG: ConsumerLagOptions = { sampleIntervalMs: 10_000, windowSize: 10 };

export const TRACING = Symbol('TRACING');

/** Stops sampling before the bus closes, and flushes the last spans on the way out. */
@Injectable()
class ObservabilityLifecycle implements BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    private readonly lagMonitor: ConsumerLagMonitor,
    @Inject(TRACING) private readonly tracing: Tracing,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    await this.lagMonitor.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.tracing.shutdown();
  }
}

/** The operations side of MessagingModule: the metrics registry and its collectors, the lag monitor, tracing. */
export const observabilityProviders: Provider[] = [
  {
    provide: Registry,
    useFactory: (options: MessagingOptions) => createMetricsRegistry(options.service),
    inject: [MESSAGING_OPTIONS],
  },
  {
    provide: MessagingMetrics,
    useFactory: (registry: Registry, dataSource: DataSource) => {
      registerOutboxBacklogMetrics(registry, dataSource);
      return new MessagingMetrics(registry);
    },
    inject: [Registry, DataSource],
  },
  {
    provide: ConsumerLagMonitor,
    useFactory: (bus: MessageBus, registry: Registry, logger: Logger, options: MessagingOptions) => {
      if (!isGroupOffsetsReader(bus)) throw new Error('consumer lag monitoring needs a MessageBus that reads group offsets');
      const lagOptions = options.observability?.consumerLag ?? DEFAULT_CONSUMER_LAG;
      return new ConsumerLagMonitor(bus, registry, logger.child({ component: 'consumer-lag' }), lagOptions);
    },
    inject: [MESSAGE_BUS, Registry, SERVICE_LOGGER, MESSAGING_OPTIONS],
  },
  {
    provide: TRACING,
    useFactory: (options: MessagingOptions) =>
      startTracing({
        service: options.service,
        otlpEndpoint: options.observability?.otlpEndpoint,
        exportDelayMs: options.observability?.exportDelayMs,
      }),
    inject: [MESSAGING_OPTIONS],
  },
  ObservabilityLifecycle,
];

export const observabilityExports = [Registry, MessagingMetrics, ConsumerLagMonitor, TRACING];
