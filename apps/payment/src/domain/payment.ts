/**
 * One payment row per order. Its status only moves along these arrows, and each arrow is taken
 * at most once (the SQL that applies it is guarded by the current status):
 *
 *   (none) --INVENTORY_RESERVED--> CHARGED --ORDER_CANCEL--> REFUNDED
 *   (none) --INVENTORY_RESERVED--> DECLINED
 *   (none) --ORDER_CANCEL--------> VOIDED   a tombstone: the cancel overtook the reservation,
 *                                           so a late INVENTORY_RESERVED must never charge
 */
export const PAYMENT_STATUSES = ['CHARGED', 'DECLINED', 'REFUNDED', 'VOIDED'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** Why a charge was not made; also the PAYMENT_FAILED reason. */
export type DeclineReason = 'UNKNOWN_CUSTOMER' | 'DECLINED' | 'INSUFFICIENT_FUNDS';

interface PaymentFields {
  paymentId: string;
  orderId: string;
  /** A DeclineReason for DECLINED; the order's cancel reason for VOIDED; null otherwise. */
  reason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface SettledPayment extends PaymentFields {
  status: PaymentStatus;
  customerId: string;
  amountCents: number;
}

/** Written by an ORDER_CANCEL that came first: who would have paid, and how much, is not known yet. */
export interface EarlyTombstone extends PaymentFields {
  status: 'VOIDED';
  customerId: null;
  amountCents: null;
}

export type Payment = SettledPayment | EarlyTombstone;

export type ReservationStep =
  /** No payment yet: ask the gateway, then try to charge. */
  | { kind: 'CHARGE' }
  /** The order was cancelled before its reservation arrived: say so once (PAYMENT_FAILED ORDER_CANCELLED), charge nothing. */
  | { kind: 'REPORT_CANCELLED' }
  | { kind: 'NOTHING_TO_DO'; because: string };

/** What INVENTORY_RESERVED means for an order, given its payment row (if any). */
export function onInventoryReserved(existing: Payment | null): ReservationStep {
  if (!existing) return { kind: 'CHARGE' };
  if (existing.status === 'VOIDED' && existing.customerId === null) return { kind: 'REPORT_CANCELLED' };
  return { kind: 'NOTHING_TO_DO', because: `the order's payment is already ${existing.status}` };
}

export type ChargeOutcome = { status: 'CHARGED' } | { status: 'DECLINED'; reason: DeclineReason };

/** What a charge attempt amounted to. The most basic failure wins: no account, then the gateway's no, then funds. */
export function chargeOutcome(facts: { customerKnown: boolean; authorized: boolean; debited: boolean }): ChargeOutcome {
  if (!facts.customerKnown) return { status: 'DECLINED', reason: 'UNKNOWN_CUSTOMER' };
  if (!facts.authorized) return { status: 'DECLINED', reason: 'DECLINED' };
  if (!facts.debited) return { status: 'DECLINED', reason: 'INSUFFICIENT_FUNDS' };
  return { status: 'CHARGED' };
}

export type CancelStep =
  /** Nothing was charged yet: leave a tombstone so a late reservation never charges. */
  | { kind: 'VOID' }
  | { kind: 'REFUND'; payment: SettledPayment }
  | { kind: 'NOTHING_TO_UNDO'; because: string };

/** What ORDER_CANCEL means for an order, given its payment row (if any). */
export function onOrderCancelled(existing: Payment | null): CancelStep {
  if (!existing) return { kind: 'VOID' };
  if (existing.status === 'CHARGED') return { kind: 'REFUND', payment: existing };
  return { kind: 'NOTHING_TO_UNDO', because: `the order's payment is ${existing.status}` };
}
