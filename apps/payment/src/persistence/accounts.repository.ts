import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Account } from '../domain/account';
import { AccountSchema } from './account.schema';
import { updatedCount } from './updated-count';

/** Balance changes are single guarded UPDATEs: the row lock they take serializes one customer's payments. */
@Injectable()
export class AccountsRepository {
  list(manager: EntityManager): Promise<Account[]> {
    return manager.find(AccountSchema, { order: { customerId: 'ASC' } });
  }

  find(manager: EntityManager, customerId: string): Promise<Account | null> {
    return manager.findOneBy(AccountSchema, { customerId });
  }

  async exists(manager: EntityManager, customerId: string): Promise<boolean> {
    return manager.existsBy(AccountSchema, { customerId });
  }

  /** Takes the amount only if the balance covers it; false when it does not (or the account is unknown). */
  async debit(manager: EntityManager, customerId: string, amountCents: number): Promise<boolean> {
    const changed = await updatedCount(
      manager,
      `UPDATE accounts SET balance_cents = balance_cents - $2, updated_at = now()
       WHERE customer_id = $1 AND balance_cents >= $2`,
      [customerId, amountCents],
    );
    return changed === 1;
  }

  async credit(manager: EntityManager, customerId: string, amountCents: number): Promise<void> {
    const changed = await updatedCount(
      manager,
      `UPDATE accounts SET balance_cents = balance_cents + $2, updated_at = now() WHERE customer_id = $1`,
      [customerId, amountCents],
    );
    if (changed !== 1) throw new Error(`account ${customerId} vanished while crediting it`);
  }

  /** Adds to the balance, opening the account first if the customer has none. */
  async deposit(manager: EntityManager, customerId: string, amountCents: number): Promise<{ account: Account; created: boolean }> {
    // xmax = 0 only on a freshly inserted row version: it tells an opened account from a topped-up one.
    const [row]: Array<{ balance_cents: string; created: boolean }> = await manager.query(
      `INSERT INTO accounts (customer_id, balance_cents) VALUES ($1, $2)
       ON CONFLICT (customer_id) DO UPDATE
         SET balance_cents = accounts.balance_cents + EXCLUDED.balance_cents, updated_at = now()
       RETURNING balance_cents, (xmax = 0) AS created`,
      [customerId, amountCents],
    );
    return { account: { customerId, balanceCents: Number(row.balance_cents) }, created: row.created };
  }
}
