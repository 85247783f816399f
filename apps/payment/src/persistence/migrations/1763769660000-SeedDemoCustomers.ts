import { MigrationInterface, QueryRunner } from 'typeorm';

/** The demo customers the README lists; erin is low on money on purpose (INSUFFICIENT_FUNDS). */
export const DEMO_ACCOUNTS: ReadonlyArray<{ customerId: string; balanceCents: number }> = [
  { customerId: 'alice', balanceCents: 100_000 },
  { customerId: 'bob', balanceCents: 50_000 },
  { customerId: 'carol', balanceCents: 200_000 },
  { customerId: 'dave', balanceCents: 75_000 },
  { customerId: 'erin', balanceCents: 1_500 },
];

/** Each opening balance is booked as a DEPOSIT, so balance = ledger sum holds from the first row on. */
export class SeedDemoCustomers1763769660000 implements MigrationInterface {
  name = 'SeedDemoCustomers1763769660000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const ids = DEMO_ACCOUNTS.map((a) => a.customerId);
    const balances = DEMO_ACCOUNTS.map((a) => a.balanceCents);
    await queryRunner.query(
      `INSERT INTO accounts (customer_id, balance_cents) SELECT * FROM unnest($1::text[], $2::bigint[])`,
      [ids, balances],
    );
    await queryRunner.query(
      `INSERT INTO ledger_entries (customer_id, kind, amount_cents)
       SELECT id, 'DEPOSIT', amount FROM unnest($1::text[], $2::bigint[]) AS seed (id, amount)`,
      [ids, balances],
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const ids = DEMO_ACCOUNTS.map((a) => a.customerId);
    await queryRunner.query(`DELETE FROM ledger_entries WHERE customer_id = ANY($1)`, [ids]);
    await queryRunner.query(`DELETE FROM accounts WHERE customer_id = ANY($1)`, [ids]);
  }
}
