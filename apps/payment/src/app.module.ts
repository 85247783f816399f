import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MessagingModule, messagingOptionsFrom, pgDriver, pgDriverOptionsFrom } from '@saga/messaging';
import { PaymentConfig, PAYMENT_CONFIG } from './config/payment.config';
import { PaymentConfigModule } from './config/payment-config.module';
import { PAYMENT_GATEWAY } from './application/ports/payment-gateway.port';
import { FakePaymentGateway } from './gateway/fake-payment-gateway';
import { AccountSchema } from './persistence/account.schema';
import { PaymentSchema } from './persistence/payment.schema';
import { AccountsRepository } from './persistence/accounts.repository';
import { LedgerRepository } from './persistence/ledger.repository';
import { PaymentsRepository } from './persistence/payments.repository';
import { PAYMENT_MIGRATIONS } from './persistence/migrations';
import { ChargePaymentWhenInventoryReservedHandler } from './application/handlers/charge-payment-when-inventory-reserved.handler';
import { RefundPaymentWhenOrderCancelledHandler } from './application/handlers/refund-payment-when-order-cancelled.handler';
import { ReservationAuthorizations } from './application/handlers/reservation-authorizations';
import { PaymentBatchPreparation } from './application/handlers/payment-batch.preparation';
import { DepositHandler } from './application/deposit/deposit.handler';
import { AccountsQuery } from './application/queries/accounts.query';
import { PaymentsQuery } from './application/queries/payments.query';
import { AccountsController } from './http/accounts.controller';
import { PaymentsController } from './http/payments.controller';
import { PaymentEventsController } from './messaging/payment-events.controller';

/** Composition root of the payment service. */
@Module({
  imports: [
    PaymentConfigModule,
    TypeOrmModule.forRootAsync({
      imports: [PaymentConfigModule],
      inject: [PAYMENT_CONFIG],
      useFactory: (config: PaymentConfig) => ({
        type: 'postgres',
        driver: pgDriver(pgDriverOptionsFrom(config)),
        url: config.DATABASE_URL,
        entities: [AccountSchema, PaymentSchema],
        migrations: PAYMENT_MIGRATIONS,
        migrationsRun: true,
        synchronize: false,
      }),
    }),
    MessagingModule.forRootAsync({
      imports: [PaymentConfigModule],
      inject: [PAYMENT_CONFIG],
      useFactory: (config: PaymentConfig) => messagingOptionsFrom('payment', config),
    }),
  ],
  controllers: [AccountsController, PaymentsController, PaymentEventsController],
  providers: [
    {
      provide: PAYMENT_GATEWAY,
      inject: [PAYMENT_CONFIG],
      useFactory: (config: PaymentConfig) =>
        new FakePaymentGateway({
          declineRate: config.GATEWAY_DECLINE_RATE,
          transientErrorRate: config.GATEWAY_TRANSIENT_ERROR_RATE,
          latencyMs: config.GATEWAY_LATENCY_MS,
        }),
    },
    AccountsRepository,
    PaymentsRepository,
    LedgerRepository,
    ReservationAuthorizations,
    PaymentBatchPreparation,
    ChargePaymentWhenInventoryReservedHandler,
    RefundPaymentWhenOrderCancelledHandler,
    DepositHandler,
    AccountsQuery,
    PaymentsQuery,
  ],
})
export class AppModule {}
