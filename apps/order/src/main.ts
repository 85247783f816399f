import 'reflect-metadata';
import { Topic } from '@saga/events';
import { bootstrapSagaService } from '@saga/messaging';
import { loadOrderConfig } from './config/order.config';
import { AppModule } from './app.module';

void bootstrapSagaService({
  service: 'order',
  module: AppModule,
  env: loadOrderConfig(),
  consumes: [Topic.inventory, Topic.payment],
});
