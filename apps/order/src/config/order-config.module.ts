import { DynamicModule, Global, Module } from '@nestjs/common';
import { loadOrderConfig, ORDER_CONFIG, OrderConfig } from './order.config';

/** Provides ORDER_CONFIG everywhere: parsed from the environment, or given (tests). */
@Global()
@Module({})
export class OrderConfigModule {
  static forRoot(config?: OrderConfig): DynamicModule {
    return {
      module: OrderConfigModule,
      providers: [{ provide: ORDER_CONFIG, useFactory: () => config ?? loadOrderConfig() }],
      exports: [ORDER_CONFIG],
    };
  }
}
