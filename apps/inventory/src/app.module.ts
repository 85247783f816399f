import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MessagingModule, messagingOptionsFrom, pgDriver, pgDriverOptionsFrom } from '@saga/messaging';
import { FindProductsQuery } from './application/find-products/find-products.query';
import { ReleaseStockWhenOrderCancelHandler } from './application/handlers/release-stock-when-order-cancel.handler';
import { ReserveStockWhenOrderCreatedHandler } from './application/handlers/reserve-stock-when-order-created.handler';
import { SellStockWhenOrderConfirmedHandler } from './application/handlers/sell-stock-when-order-confirmed.handler';
import { InventoryBatchPreparation } from './application/inventory-batch-preparation';
import { RestockProductHandler } from './application/restock-product/restock-product.handler';
import { INVENTORY_CONFIG, InventoryConfig, InventoryConfigModule } from './config/inventory.config';
import { ProductsController } from './http/products.controller';
import { InventoryEventsController } from './messaging/inventory-events.controller';
import { INVENTORY_MIGRATIONS } from './persistence/migrations';
import { ProductEntity } from './persistence/product.entity';
import { ProductRepository } from './persistence/product.repository';
import { ReservationEntity } from './persistence/reservation.entity';
import { ReservationRepository } from './persistence/reservation.repository';

/** Composition root of the inventory service. */
@Module({
  imports: [
    InventoryConfigModule,
    TypeOrmModule.forRootAsync({
      inject: [INVENTORY_CONFIG],
      useFactory: (config: InventoryConfig) => ({
        type: 'postgres',
        driver: pgDriver(pgDriverOptionsFrom(config)),
        url: config.DATABASE_URL,
        entities: [ProductEntity, ReservationEntity],
        migrations: INVENTORY_MIGRATIONS,
        // The schema is the migrations' job alone: on start, pending ones run (tables, then demo data).
        migrationsRun: true,
        synchronize: false,
        extra: { max: config.DATABASE_POOL_SIZE },
      }),
    }),
    MessagingModule.forRootAsync({
      inject: [INVENTORY_CONFIG],
      useFactory: (config: InventoryConfig) => messagingOptionsFrom('inventory', config),
    }),
  ],
  controllers: [ProductsController, InventoryEventsController],
  providers: [
    ProductRepository,
    ReservationRepository,
    ReserveStockWhenOrderCreatedHandler,
    SellStockWhenOrderConfirmedHandler,
    ReleaseStockWhenOrderCancelHandler,
    InventoryBatchPreparation,
    RestockProductHandler,
    FindProductsQuery,
  ],
})
export class AppModule {}
