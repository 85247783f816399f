import { randomUUID } from 'node:crypto';
import pino, { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { CancelReason, createEvent, SagaEvent } from '@saga/events';
import { MessageBus, OutboxRelay, pgDriver, PrepareBatch, TransactionRunner, TransientError } from '@saga/messaging';
import { createTestDatabase, TestDatabase } from '@saga/testing';
import { ReleaseStockWhenOrderCancelHandler } from '../application/handlers/release-stock-when-order-cancel.handler';
import { ReserveStockWhenOrderCreatedHandler } from '../application/handlers/reserve-stock-when-order-created.handler';
import { SellStockWhenOrderConfirmedHandler } from '../application/handlers/sell-stock-when-order-confirmed.handler';
import { InventoryBatchPreparation } from '../application/inventory-batch-preparation';
import { OrderLine } from '../domain/stock';
import { INVENTORY_MIGRATIONS } from '../persistence/migrations';
import { DEMO_PRODUCTS } from '../persistence/migrations/1763769660000-SeedDemoProducts';
import { ProductEntity } from '../persistence/product.entity';
import { ProductRepository } from '../persistence/product.repository';
import { ReservationEntity } from '../persistence/reservation.entity';
import { ReservationRepository } from '../persistence/reservation.repository';

/** Handler tests check the outbox table, not a broker: nothing may try to publish. */
const noBroker: MessageBus = {
  publish: async () => {
    throw new Error('handler tests do not publish');
  },
  isReachable: async () => false,
  consume: async () => ({ stop: async () => undefined }),
  close: async () => undefined,
};

export interface OutboxEvent {
  type: string;
  orderId: string;
  transactionId: string;
  payload: Record<string, unknown>;
}

/**
 * The inventory handlers wired to a fresh database migrated by the service's own migrations
 * (so the schema and the seed are under test too), plus probes and the stock ledger check.
 */
export class InventoryTestHarness {
  readonly logs: Array<{ level: number; msg: string; [field: string]: unknown }> = [];
  readonly reserve: ReserveStockWhenOrderCreatedHandler;
  readonly sell: SellStockWhenOrderConfirmedHandler;
  readonly release: ReleaseStockWhenOrderCancelHandler;
  readonly preparation: InventoryBatchPreparation;
  private readonly transactions: TransactionRunner;
  /** Units each product started with plus what was restocked since: the right side of conservation. */
  private supplied = new Map<string, number>();

  private constructor(
    private readonly database: TestDatabase,
    readonly dataSource: DataSource,
  ) {
    const logger: Logger = pino({ level: 'debug' }, { write: (line: string) => this.logs.push(JSON.parse(line)) });
    const relay = new OutboxRelay(dataSource, noBroker, logger, { batchSize: 100, pollIntervalMs: 1000, lockKey: 1 });
    this.transactions = new TransactionRunner(dataSource, relay, { consumer: 'inventory' });
    const products = new ProductRepository();
    const reservations = new ReservationRepository();
    this.reserve = new ReserveStockWhenOrderCreatedHandler(this.transactions, products, reservations, logger);
    this.sell = new SellStockWhenOrderConfirmedHandler(this.transactions, products, reservations, logger);
    this.release = new ReleaseStockWhenOrderCancelHandler(this.transactions, products, reservations, logger);
    this.preparation = new InventoryBatchPreparation(products, reservations);
  }

  static async start(): Promise<InventoryTestHarness> {
    const database = await createTestDatabase('inventory');
    const dataSource = new DataSource({
      type: 'postgres',
      driver: pgDriver(),
      url: database.url,
      entities: [ProductEntity, ReservationEntity],
      migrations: INVENTORY_MIGRATIONS,
      extra: { max: 20 },
    });
    await dataSource.initialize();
    await dataSource.runMigrations();
    const harness = new InventoryTestHarness(database, dataSource);
    await harness.reset();
    return harness;
  }

  /**
   * Applies events as the consumer applies a fetch: one transaction, one inbox claim, the preparation's
   * locks (`prepare`, the service's own unless a test wraps it), each event's handler, one commit.
   */
  applyBatch(events: SagaEvent[], prepare: PrepareBatch = (manager, fresh) => this.preparation.inTransaction(manager, fresh)): Promise<void> {
    return this.transactions.runBatch(events, (event) => this.dispatch(event), prepare);
  }

  /** Routes by type, as InventoryEventsController does. */
  private dispatch(event: SagaEvent): Promise<void> {
    switch (event.type) {
      case 'ORDER_CREATED':
        return this.reserve.handle(event);
      case 'ORDER_CONFIRMED':
        return this.sell.handle(event);
      case 'ORDER_CANCEL':
        return this.release.handle(event);
      default:
        throw new Error(`inventory does not react to ${event.type}`);
    }
  }

  async stop(): Promise<void> {
    await this.dataSource.destroy();
    await this.database.drop();
  }

  /** Back to the seeded catalogue, no reservations, empty outbox and inbox. */
  async reset(): Promise<void> {
    await this.dataSource.query('TRUNCATE reservations, outbox_message, processed_message');
    await this.dataSource.query(`DELETE FROM products WHERE sku <> ALL($1)`, [DEMO_PRODUCTS.map((p) => p.sku)]);
    for (const product of DEMO_PRODUCTS) {
      await this.dataSource.query('UPDATE products SET available = $2, reserved = 0, sold = 0 WHERE sku = $1', [
        product.sku,
        product.available,
      ]);
    }
    this.supplied = new Map(DEMO_PRODUCTS.map((p) => [p.sku, p.available]));
    this.logs.length = 0;
  }

  async addProduct(sku: string, priceCents: number, available: number): Promise<void> {
    await this.dataSource.query('INSERT INTO products (sku, name, price_cents, available) VALUES ($1, $1, $2, $3)', [
      sku,
      priceCents,
      available,
    ]);
    this.supplied.set(sku, available);
  }

  product(sku: string): Promise<ProductEntity> {
    return this.dataSource.manager.findOneByOrFail(ProductEntity, { sku });
  }

  reservation(orderId: string): Promise<ReservationEntity | null> {
    return this.dataSource.manager.findOneBy(ReservationEntity, { orderId });
  }

  async outbox(): Promise<OutboxEvent[]> {
    const rows: Array<{ value: string }> = await this.dataSource.query('SELECT value FROM outbox_message ORDER BY id');
    return rows.map((row) => {
      const { type, orderId, transactionId, payload } = JSON.parse(row.value);
      return { type, orderId, transactionId, payload };
    });
  }

  warnings(): string[] {
    return this.logs.filter((line) => line.level === 40).map((line) => line.msg);
  }

  /**
   * The stock ledger, per product: available + reserved + sold equals what was supplied;
   * reserved equals the units of RESERVED reservations and sold those of SOLD ones. Returns
   * the rows that break it (none when the books balance), for a readable failure diff.
   */
  async unbalancedProducts(): Promise<unknown[]> {
    const rows: Array<{ sku: string; available: string; reserved: string; sold: string; held: string; sold_by_orders: string }> =
      await this.dataSource.query(`
        SELECT p.sku, p.available, p.reserved, p.sold,
               coalesce(sum((l.line->>'quantity')::bigint) FILTER (WHERE r.status = 'RESERVED'), 0) AS held,
               coalesce(sum((l.line->>'quantity')::bigint) FILTER (WHERE r.status = 'SOLD'), 0) AS sold_by_orders
        FROM products p
        LEFT JOIN (reservations r CROSS JOIN LATERAL jsonb_array_elements(r.lines) AS l(line))
          ON l.line->>'sku' = p.sku
        GROUP BY p.sku ORDER BY p.sku`);
    return rows
      .map((row) => ({
        sku: row.sku,
        total: Number(row.available) + Number(row.reserved) + Number(row.sold),
        supplied: this.supplied.get(row.sku),
        reserved: Number(row.reserved),
        held: Number(row.held),
        sold: Number(row.sold),
        soldByOrders: Number(row.sold_by_orders),
      }))
      .filter((p) => p.total !== p.supplied || p.reserved !== p.held || p.sold !== p.soldByOrders);
  }
}

/** Calls a handler as the transport does for a transient failure: again, until it goes through. */
export async function retryingTransient(handle: () => Promise<void>, attempts = 20): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await handle();
    } catch (error) {
      if (!(error instanceof TransientError) || attempt >= attempts) throw error;
    }
  }
}

const customerOf = new Map<string, string>();

export function orderCreated(items: OrderLine[], orderId: string = randomUUID(), customerId = 'alice'): SagaEvent<'ORDER_CREATED'> {
  customerOf.set(orderId, customerId);
  return createEvent('ORDER_CREATED', { transactionId: transactionOf(orderId), orderId, payload: { customerId, items } });
}

export function orderConfirmed(orderId: string, totalCents: number): SagaEvent<'ORDER_CONFIRMED'> {
  const customerId = customerOf.get(orderId) ?? 'alice';
  return createEvent('ORDER_CONFIRMED', { transactionId: transactionOf(orderId), orderId, payload: { customerId, totalCents } });
}

export function orderCancel(orderId: string, reason: CancelReason = 'PAYMENT_DECLINED'): SagaEvent<'ORDER_CANCEL'> {
  return createEvent('ORDER_CANCEL', { transactionId: transactionOf(orderId), orderId, payload: { reason } });
}

// One saga id per order, as the order service would stamp it on every event of the saga.
const transactions = new Map<string, string>();
function transactionOf(orderId: string): string {
  if (!transactions.has(orderId)) transactions.set(orderId, randomUUID());
  return transactions.get(orderId)!;
}

/**
 * One harness for the describe() it is called in: started once, reset before each test, and after each
 * test stock must still add up, whatever the test asserted itself. `use` receives the started harness.
 */
export function useInventoryHarness(use: (harness: InventoryTestHarness) => void): void {
  let harness: InventoryTestHarness | undefined;
  beforeAll(async () => use((harness = await InventoryTestHarness.start())));
  afterAll(() => harness?.stop());
  beforeEach(() => harness!.reset());
  afterEach(async () => expect(await harness!.unbalancedProducts()).toEqual([]));
}
