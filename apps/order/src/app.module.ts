import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MessagingModule, messagingOptionsFrom, pgDriverOptionsFrom, SagaMetricsModule } from '@saga/messaging';
import { ORDER_CONFIG, OrderConfig } from './config/order.config';
import { OrderConfigModule } from './config/order-config.module';
import { orderDataSourceOptions } from './persistence/order-data-source';
import { OrderModule } from './order.module';
import { LiveViewModule } from './live-view/live-view.module';

/** Composition root: configuration, the order database, the messaging edge (Kafka, outbox, inbox), the order service, the live view at /saga. */
@Module({
  imports: [
    OrderConfigModule.forRoot(),
    TypeOrmModule.forRootAsync({
      inject: [ORDER_CONFIG],
      useFactory: (config: OrderConfig) => orderDataSourceOptions(config.DATABASE_URL, config.DATABASE_POOL_SIZE, pgDriverOptionsFrom(config)),
    }),
    MessagingModule.forRootAsync({
      inject: [ORDER_CONFIG],
      useFactory: (config: OrderConfig) => messagingOptionsFrom('order', config),
    }),
    SagaMetricsModule,
    OrderModule,
    LiveViewModule,
  ],
})
export class AppModule {}
