import { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTables, dropMessagingTables } from '@saga/messaging';

export class CreateOrderTables1767225600000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await createMessagingTables(queryRunner);
    await queryRunner.query(`
      CREATE TABLE orders (
        id              uuid        PRIMARY KEY,
        transaction_id  uuid        NOT NULL,
        customer_id     text        NOT NULL CHECK (length(customer_id) BETWEEN 1 AND 64),
        items           jsonb       NOT NULL CHECK (jsonb_typeof(items) = 'array' AND jsonb_array_length(items) BETWEEN 1 AND 50),
        status          text        NOT NULL CHECK (status IN ('PENDING', 'RESERVED', 'CONFIRMED', 'CANCELLED')),
        reason          text        CHECK (reason IN ('OUT_OF_STOCK', 'PAYMENT_DECLINED', 'TIMEOUT', 'CUSTOMER_CANCELLED')),
        total_cents     bigint      CHECK (total_cents >= 0),
        idempotency_key text        UNIQUE CHECK (length(idempotency_key) BETWEEN 1 AND 200),
        created_at      timestamptz NOT NULL,
        updated_at      timestamptz NOT NULL,
        deadline_at     timestamptz NOT NULL,
        CHECK ((status = 'CANCELLED') = (reason IS NOT NULL))
      )`);
    // GET /orders?customerId= (newest first).
    await queryRunner.query(`CREATE INDEX orders_by_customer ON orders (customer_id, created_at DESC, id DESC)`);
    // The deadline sweeper only ever looks at open orders: a partial index stays as small as the sagas in flight.
    await queryRunner.query(
      `CREATE INDEX orders_open_by_deadline ON orders (deadline_at) WHERE status IN ('PENDING', 'RESERVED')`,
    );
    await queryRunner.query(`
      CREATE TABLE order_history (
        id          bigserial   PRIMARY KEY,
        order_id    uuid        NOT NULL REFERENCES orders (id),
        event_id    uuid        NOT NULL UNIQUE,
        event_type  text        NOT NULL,
        service     text        NOT NULL CHECK (service IN ('order', 'inventory', 'payment')),
        occurred_at timestamptz NOT NULL,
        detail      jsonb       NOT NULL DEFAULT '{}'::jsonb
      )`);
    await queryRunner.query(`CREATE INDEX order_history_timeline ON order_history (order_id, occurred_at, id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE order_history`);
    await queryRunner.query(`DROP TABLE orders`);
    await dropMessagingTables(queryRunner);
  }
}
