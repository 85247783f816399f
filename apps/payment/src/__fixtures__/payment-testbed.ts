import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import pino from 'pino';
import { CancelReason, createEvent, parseEvent, SagaEvent } from '@saga/events';
import { isTransientError, MessageBus, OutboxRelay, pgDriver, TransactionRunner } from '@saga/messaging';
import { createTestDatabase, TestDatabase } from '@saga/testing';
import { Authorization, AuthorizationRequest, PaymentGateway } from '../application/ports/payment-gateway.port';
import { ChargePaymentWhenInventoryReservedHandler } from '../application/handlers/charge-payment-when-inventory-reserved.handler';
import { RefundPaymentWhenOrderCancelledHandler } from '../application/handlers/refund-payment-when-order-cancelled.handler';
import { ReservationAuthorizations } from '../application/handlers/reservation-authorizations';
import { PaymentBatchPreparation } from '../application/handlers/payment-batch.preparation';
import { AccountsRepository } from '../persistence/accounts.repository';
import { LedgerRepository } from '../persistence/ledger.repository';
import { PaymentsRepository } from '../persistence/payments.repository';
import { AccountSchema } from '../persistence/account.schema';
import { PaymentSchema } from '../persistence/payment.schema';
import { PAYMENT_MIGRATIONS } from '../persistence/migrations';
import { DEMO_ACCOUNTS, SeedDemoCustomers1763769660000 } from '../persistence/migrations/1763769660000-SeedDemoCustomers';

export const SEEDED_TOTAL_CENTS = DEMO_ACCOUNTS.reduce((sum, a) => sum + a.balanceCents, 0);

/** A gateway whose answer each test scripts; it records every call. */
export class ScriptedGateway implements PaymentGateway {
  calls: AuthorizationRequest[] = [];
  answer: (request: AuthorizationRequest) => Promise<Authorization> = async () => 'APPROVED';

  authorize(request: AuthorizationRequest): Promise<Authorization> {
    this.calls.push(request);
    return this.answer(request);
  }
}

const idleBus: MessageBus = {
  publish: async () => undefined,
  isReachable: async () => true,
  consume: async () => ({ stop: async () => undefined }),
  close: async () => undefined,
};

type Delivery = SagaEvent<'INVENTORY_RESERVED'> | SagaEvent<'ORDER_CANCEL'>;

export function inventoryReserved(orderId: string, customerId: string, totalCents: number): SagaEvent<'INVENTORY_RESERVED'> {
  return createEvent('INVENTORY_RESERVED', {
    transactionId: randomUUID(),
    orderId,
    payload: { customerId, items: [{ sku: 'MOUSE-01', quantity: 1, unitPriceCents: totalCents }], totalCents },
  });
}

export function orderCancel(orderId: string, reason: CancelReason = 'CUSTOMER_CANCELLED'): SagaEvent<'ORDER_CANCEL'> {
  return createEvent('ORDER_CANCEL', { transactionId: randomUUID(), orderId, payload: { reason } });
}

/**
 * The payment handlers wired by hand on a real, migrated PostgreSQL database, with a scripted
 * gateway and an outbox that is read, never published. One per test file.
 */
export class PaymentTestbed {
  readonly gateway = new ScriptedGateway();
  readonly runner: TransactionRunner;
  readonly charge: ChargePaymentWhenInventoryReservedHandler;
  readonly refund: RefundPaymentWhenOrderCancelledHandler;
  readonly preparation: PaymentBatchPreparation;

  private constructor(
    private readonly database: TestDatabase,
    readonly dataSource: DataSource,
    gateway?: PaymentGateway,
  ) {
    const logger = pino({ level: 'silent' });
    const relay = new OutboxRelay(dataSource, idleBus, logger, { batchSize: 100, pollIntervalMs: 1000, lockKey: 1 });
    this.runner = new TransactionRunner(dataSource, relay, { consumer: 'payment' });
    const [payments, accounts, ledger] = [new PaymentsRepository(), new AccountsRepository(), new LedgerRepository()];
    const authorizations = new ReservationAuthorizations(dataSource, gateway ?? this.gateway, payments, this.runner);
    this.charge = new ChargePaymentWhenInventoryReservedHandler(
      this.runner, dataSource, authorizations, payments, accounts, ledger, logger,
    );
    this.refund = new RefundPaymentWhenOrderCancelledHandler(this.runner, payments, accounts, ledger, logger);
    this.preparation = new PaymentBatchPreparation(authorizations, payments, accounts);
  }

  static async start(gateway?: PaymentGateway): Promise<PaymentTestbed> {
    const database = await createTestDatabase('payment');
    const dataSource = new DataSource({
      type: 'postgres',
      driver: pgDriver(),
      url: database.url,
      entities: [AccountSchema, PaymentSchema],
      migrations: PAYMENT_MIGRATIONS,
    });
    await dataSource.initialize();
    await dataSource.runMigrations();
    return new PaymentTestbed(database, dataSource, gateway);
  }

  async stop(): Promise<void> {
    await this.dataSource.destroy();
    await this.database.drop();
  }

  /** Back to the freshly seeded state. */
  async reset(): Promise<void> {
    await this.dataSource.query('TRUNCATE accounts, payments, ledger_entries, outbox_message, processed_message');
    const runner = this.dataSource.createQueryRunner();
    try {
      await new SeedDemoCustomers1763769660000().up(runner);
    } finally {
      await runner.release();
    }
    this.gateway.calls = [];
    this.gateway.answer = async () => 'APPROVED';
  }

  /** Delivers like the transport does: transient failures are retried (here at once), anything else is thrown. */
  async deliver(event: Delivery, maxAttempts = 20): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dispatch(event);
      } catch (error) {
        if (!isTransientError(error) || attempt >= maxAttempts) throw error;
      }
    }
  }

  /** The batch path of the transport: gateway calls, then one transaction; nothing applied if either throws. */
  async applyBatch(events: Delivery[]): Promise<void> {
    await this.preparation.beforeTransaction(events);
    await this.runner.runBatch(events, (event) => this.dispatch(event as Delivery), this.preparation.inTransaction.bind(this.preparation));
  }

  /** Delivers like the transport does with a fetch: as one batch, or one by one (with retries) when the batch failed. */
  async deliverBatch(events: Delivery[]): Promise<'BATCH' | 'ONE_BY_ONE'> {
    try {
      await this.applyBatch(events);
      return 'BATCH';
    } catch {
      for (const event of events) await this.deliver(event);
      return 'ONE_BY_ONE';
    }
  }

  /** Hands the event to its handler, as the events controller does. */
  dispatch(event: Delivery): Promise<void> {
    return event.type === 'ORDER_CANCEL' ? this.refund.handle(event) : this.charge.handle(event);
  }

  async balanceOf(customerId: string): Promise<number> {
    const [row] = await this.dataSource.query('SELECT balance_cents FROM accounts WHERE customer_id = $1', [customerId]);
    return Number(row.balance_cents);
  }

  async paymentOf(orderId: string) {
    return this.dataSource.manager.findOneBy(PaymentSchema, { orderId });
  }

  /** The events this order's steps appended to the outbox, in commit order, checked against the contracts. */
  async emittedFor(orderId: string): Promise<SagaEvent[]> {
    const rows: Array<{ value: string }> = await this.dataSource.query(
      'SELECT value FROM outbox_message WHERE message_key = $1 ORDER BY id',
      [orderId],
    );
    return rows.map((row) => parseEvent(row.value));
  }

  async ledgerOf(orderId: string): Promise<Array<{ kind: string; amount: number }>> {
    const rows: Array<{ kind: string; amount_cents: string }> = await this.dataSource.query(
      'SELECT kind, amount_cents FROM ledger_entries WHERE order_id = $1 ORDER BY id',
      [orderId],
    );
    return rows.map((row) => ({ kind: row.kind, amount: Number(row.amount_cents) }));
  }

  /**
   * The money invariants, from the database alone: every balance equals its ledger
   * (deposits - charges + refunds), and balances plus what is still charged equal all deposits.
   */
  async moneyReport(): Promise<{ accountsOffLedger: unknown[]; balances: number; stillCharged: number; deposits: number }> {
    const accountsOffLedger = await this.dataSource.query(`
      SELECT a.customer_id, a.balance_cents, l.net
      FROM accounts a
      LEFT JOIN (
        SELECT customer_id,
               sum(CASE kind WHEN 'CHARGE' THEN -amount_cents ELSE amount_cents END) AS net
        FROM ledger_entries GROUP BY customer_id
      ) l USING (customer_id)
      WHERE a.balance_cents IS DISTINCT FROM l.net`);
    const [totals] = await this.dataSource.query(`
      SELECT (SELECT coalesce(sum(balance_cents), 0) FROM accounts) AS balances,
             (SELECT coalesce(sum(amount_cents), 0) FROM payments WHERE status = 'CHARGED') AS still_charged,
             (SELECT coalesce(sum(amount_cents), 0) FROM ledger_entries WHERE kind = 'DEPOSIT') AS deposits`);
    return {
      accountsOffLedger,
      balances: Number(totals.balances),
      stillCharged: Number(totals.still_charged),
      deposits: Number(totals.deposits),
    };
  }
}

/**
 * One testbed for the describe() it is called in: started once, reset before each test, and after each
 * test money must still add up (every balance on its ledger, nothing created or lost), whatever the test
 * asserted itself. `use` receives the started testbed.
 */
export function usePaymentTestbed(use: (bed: PaymentTestbed) => void): void {
  let bed: PaymentTestbed | undefined;
  beforeAll(async () => use((bed = await PaymentTestbed.start())));
  afterAll(() => bed?.stop());
  beforeEach(() => bed!.reset());
  afterEach(async () => {
    const money = await bed!.moneyReport();
    expect(money.accountsOffLedger).toEqual([]);
    expect(money.balances + money.stillCharged).toBe(SEEDED_TOTAL_CENTS);
  });
}
