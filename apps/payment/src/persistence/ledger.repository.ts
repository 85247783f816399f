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

  private flush(entries: LedgerEntry[]): DeferredStatement | null {
    if (entries.length === 0) return null;
    return {
      sql: `INSERT INTO ledger_entries (customer_id, kind, amount_cents, order_id)
            SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::uuid[])`,
      params: [
        entries.map((e) => e.customerId),
        entries.map((e) => e.kind),
        entries.map((e) => e.amountCents),
        entries.map((e) => e.orderId ?? null),
      ],
    };
  }
}
