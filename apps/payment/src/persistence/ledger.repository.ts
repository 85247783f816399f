import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { LedgerEntryKind } from '../domain/account';

export interface LedgerEntry {
  customerId: string;
  kind: LedgerEntryKind;
  amountCents: number;
  /** Required for CHARGE and REFUND (unique per order and kind); absent for DEPOSIT. */
  orderId?: string;
}

/** Append-only record of every balance change, written in the same transaction as the change. */
@Injectable()
export class LedgerRepository {
  async record(manager: EntityManager, entry: LedgerEntry): Promise<void> {
    await manager.query(
      `INSERT INTO ledger_entries (customer_id, kind, amount_cents, order_id) VALUES ($1, $2, $3, $4)`,
      [entry.customerId, entry.kind, entry.amountCents, entry.orderId ?? null],
    );
  }
}
