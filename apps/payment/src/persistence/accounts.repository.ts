import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DeferredStatement, unitOfWork } from '@saga/messaging';
import { Account } from '../domain/account';
import { AccountSchema } from './account.schema';

/** This transaction's view of the accounts it locked: balances as they will be after the commit. */
interface LockedAccounts {
  rows: Map<string, Account | null>;
  changed: Set<string>;
}

/**
 * Balances are decided on rows held FOR UPDATE, which serializes one customer's payments; the
 * changes of a whole transaction (a batch of events) leave in one UPDATE before the commit.
 */
@Injectable()
export class AccountsRepository {
  list(manager: EntityManager): Promise<Account[]> {
    return manager.find(AccountSchema, { order: { customerId: 'ASC' } });
  }

  find(manager: EntityManager, customerId: string): Promise<Account | null> {
    return manager.findOneBy(AccountSchema, { customerId });
  }

  /** SELECT ... FOR UPDATE of the accounts not locked yet, in customer_id order (one lock order for every transaction). */
  async lockAll(manager: EntityManager, customerIds: string[]): Promise<void> {
    const state = this.stateOf(manager);
    const missing = [...new Set(customerIds)].filter((id) => !state.rows.has(id)).sort();
    if (missing.length === 0) return;
    const rows: Array<{ customer_id: string; balance_cents: string }> = await manager.query(
      `SELECT customer_id, balance_cents FROM accounts WHERE customer_id = ANY($1::text[]) ORDER BY customer_id FOR UPDATE`,
      [missing],
    );
    missing.forEach((id) => state.rows.set(id, null));
    rows.forEach((row) => state.rows.set(row.customer_id, { customerId: row.customer_id, balanceCents: Number(row.balance_cents) }));
  }

  async exists(manager: EntityManager, customerId: string): Promise<boolean> {
    return (await this.locked(manager, customerId)) !== null;
  }

  /** Takes the amount only if the balance covers it; false when it does not (or the account is unknown). */
  async debit(manager: EntityManager, customerId: string, amountCents: number): Promise<boolean> {
    const account = await this.locked(manager, customerId);
    if (!account || account.balanceCents < amountCents) return false;
    this.setBalance(manager, account, account.balanceCents - amountCents);
    return true;
  }

  async credit(manager: EntityManager, customerId: string, amountCents: number): Promise<void> {
    const account = await this.locked(manager, customerId);
    if (!account) throw new Error(`account ${customerId} vanished while crediting it`);
    this.setBalance(manager, account, account.balanceCents + amountCents);
  }

  /**
   * Adds to the balance, opening the account first if the customer has none. At once, not deferred: the
   * REST deposit answers with the new balance, and its transaction touches no other account.
   */
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

  private async locked(manager: EntityManager, customerId: string): Promise<Account | null> {
    await this.lockAll(manager, [customerId]);
    return this.stateOf(manager).rows.get(customerId)!;
  }

  private setBalance(manager: EntityManager, account: Account, balanceCents: number): void {
    const state = this.stateOf(manager);
    state.rows.set(account.customerId, { ...account, balanceCents });
    state.changed.add(account.customerId);
  }

  private stateOf(manager: EntityManager): LockedAccounts {
    const unit = unitOfWork(manager);
    return unit.stateOf(this, () => {
      const state: LockedAccounts = { rows: new Map(), changed: new Set() };
      unit.beforeCommitStatement(() => this.flush(state));
      return state;
    });
  }

  /** Absolute balances: every row written was read FOR UPDATE by this transaction, so nobody else moved it since. */
  private flush(state: LockedAccounts): DeferredStatement | null {
    if (state.changed.size === 0) return null;
    const ids = [...state.changed].sort();
    return {
      sql: `UPDATE accounts AS a SET balance_cents = m.balance_cents, updated_at = now()
            FROM unnest($1::text[], $2::bigint[]) AS m(customer_id, balance_cents)
            WHERE a.customer_id = m.customer_id
            RETURNING a.customer_id`,
      params: [ids, ids.map((id) => state.rows.get(id)!.balanceCents)],
      expect: {
        rows: ids.length,
        mismatch: (changed) => new Error(`${ids.length - changed} locked account(s) vanished before the commit`),
      },
    };
  }
}
