import { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTables, dropMessagingTables } from '@saga/messaging';

/** Outbox + inbox, products and reservations. Hand-written: the constraints are part of the design. */
export class CreateInventoryTables1763769600000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await createMessagingTables(queryRunner);
    // The CHECKs are the last line against overselling: a bug that tried to take more than is
    // there would fail its transaction instead of leaving a negative counter.
    await queryRunner.query(`
      CREATE TABLE products (
        sku         text    PRIMARY KEY,
        name        text    NOT NULL,
        price_cents integer NOT NULL CHECK (price_cents >= 0),
        available   bigint  NOT NULL DEFAULT 0 CHECK (available >= 0),
        reserved    bigint  NOT NULL DEFAULT 0 CHECK (reserved >= 0),
        sold        bigint  NOT NULL DEFAULT 0 CHECK (sold >= 0)
      )`);
    await queryRunner.query(`
      CREATE TABLE reservations (
        order_id    uuid        PRIMARY KEY,
        customer_id text,
        status      text        NOT NULL
                    CHECK (status IN ('RESERVED', 'SOLD', 'RELEASED', 'REJECTED', 'CANCELLED')),
        lines       jsonb       NOT NULL,
        total_cents bigint      CHECK (total_cents >= 0),
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE reservations');
    await queryRunner.query('DROP TABLE products');
    await dropMessagingTables(queryRunner);
  }
}
