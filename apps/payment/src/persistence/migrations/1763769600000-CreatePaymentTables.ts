import { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTables, dropMessagingTables } from '@saga/messaging';

export class CreatePaymentTables1763769600000 implements MigrationInterface {
  name = 'CreatePaymentTables1763769600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createMessagingTables(queryRunner);
    // bigint: sums of cents outgrow int4 (21 million in whole units) quickly.
    await queryRunner.query(`
      CREATE TABLE accounts (
        customer_id   text        PRIMARY KEY CHECK (length(customer_id) BETWEEN 1 AND 64),
        balance_cents bigint      NOT NULL CHECK (balance_cents >= 0),
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now()
      )`);
    // One row per order: the primary key is what makes "charged twice" and "charged after
    // the cancel" impossible to write. No foreign key to accounts: a payment for an unknown
    // customer is recorded too (DECLINED, UNKNOWN_CUSTOMER).
    await queryRunner.query(`
      CREATE TABLE payments (
        order_id     uuid        PRIMARY KEY,
        payment_id   uuid        NOT NULL,
        customer_id  text,
        amount_cents bigint      CHECK (amount_cents >= 0),
        status       text        NOT NULL CHECK (status IN ('CHARGED', 'DECLINED', 'REFUNDED', 'VOIDED')),
        reason       text,
        created_at   timestamptz NOT NULL DEFAULT now(),
        updated_at   timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT payments_only_early_tombstones_lack_amount
          CHECK (status = 'VOIDED' OR (customer_id IS NOT NULL AND amount_cents IS NOT NULL))
      )`);
    // Deposits carry no order (NULL never collides in a unique key); a CHARGE or REFUND carries
    // its order, and (order_id, kind) is unique: a second charge or refund fails the transaction.
    await queryRunner.query(`
      CREATE TABLE ledger_entries (
        id           bigserial   PRIMARY KEY,
        customer_id  text        NOT NULL REFERENCES accounts (customer_id),
        kind         text        NOT NULL CHECK (kind IN ('DEPOSIT', 'CHARGE', 'REFUND')),
        amount_cents bigint      NOT NULL CHECK (amount_cents >= 0),
        order_id     uuid,
        created_at   timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ledger_entries_order_only_for_charge_and_refund CHECK ((kind = 'DEPOSIT') = (order_id IS NULL)),
        CONSTRAINT ledger_entries_one_charge_one_refund_per_order UNIQUE (order_id, kind)
      )`);
    await queryRunner.query(`CREATE INDEX ledger_entries_customer_id ON ledger_entries (customer_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ledger_entries`);
    await queryRunner.query(`DROP TABLE payments`);
    await queryRunner.query(`DROP TABLE accounts`);
    await dropMessagingTables(queryRunner);
  }
}
