/** A customer's prepaid account. Its balance never goes below zero (a CHECK in the database). */
export interface Account {
  customerId: string;
  balanceCents: number;
}

/** Largest single deposit (1,000,000.00): catches a mistyped amount before it becomes money. */
export const MAX_DEPOSIT_CENTS = 100_000_000;

/**
 * Every balance change is a ledger entry, so an account's balance always equals
 * DEPOSITs - CHARGEs + REFUNDs. At most one CHARGE and one REFUND exist per order
 * (a unique key in the database): double charges and double refunds cannot be written.
 */
export const LEDGER_ENTRY_KINDS = ['DEPOSIT', 'CHARGE', 'REFUND'] as const;
export type LedgerEntryKind = (typeof LEDGER_ENTRY_KINDS)[number];
