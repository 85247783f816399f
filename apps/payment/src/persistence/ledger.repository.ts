import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DeferredStatement, unitOfWork } from '@saga/messaging';
import { LedgerEntryKind } from '../domain/account';

export interface LedgerEntry {
  customerId: string;
  kind: LedgerEntryKind;
  amountCents: number;
  /** Required for CHARGE and REFUND (unique per order and kind); absent for DEPOSIT. */
  orderId?: string;
}

/**
 * Append-only record of every balance change, written in the same transaction as the change: the
 * entries of a whole transaction (a batch of events) go in one INSERT before the commit.
 */
@Injectable()
export class LedgerRepository {
  record(manager: EntityManager, entry: LedgerEntry): void {
    const unit = unitOfWork(manager);
    unit
      .stateOf(this, () => {
        const entries: LedgerEntry[] = [];
        unit.beforeCommitStatement(() => this.flush(entries));
        return entries;
      })
      .push(entry);
  }

  /**
   * A charge or refund is unique per order, and written with the payment row it moves money for, under that
   * row's lock. So another transaction's charge committed since our locking read fails the payments' own check
   * first (their writes are registered, and checked, before these; PaymentRowTaken, a retry). An entry that is
   * there with no such payment row is a ledger out of step with its payments: this one fails the transaction.
   */
  private flush(entries: LedgerEntry[]): DeferredStatement | null {
    if (entries.length === 0) return null;
    return {
      sql: `INSERT INTO ledger_entries (customer_id, kind, amount_cents, order_id)
            SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::uuid[])
            ON CONFLICT (order_id, kind) DO NOTHING RETURNING id`,
      params: [
        entries.map((e) => e.customerId),
        entries.map((e) => e.kind),
        entries.map((e) => e.amountCents),
        entries.map((e) => e.orderId ?? null),
      ],
      expect: {
        rows: entries.length,
        mismatch: () =>
          new Error(`the ledger already holds a charge or refund of order(s) ${entries.map((e) => e.orderId).filter(Boolean).join(', ')}`),
      },
    };
  }
}
