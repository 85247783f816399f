import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DeferredStatement, TransientError, unitOfWork } from '@saga/messaging';
import { DeclineReason, Payment } from '../domain/payment';

export type NewPayment =
  | { orderId: string; paymentId: string; customerId: string; amountCents: number; status: 'CHARGED' }
  | { orderId: string; paymentId: string; customerId: string; amountCents: number; status: 'DECLINED'; reason: DeclineReason };

export interface NewTombstone {
  orderId: string;
  paymentId: string;
  /** The order's cancel reason. */
  reason: string;
}

/**
 * Another transaction committed a payment row, or a charge or refund in the ledger, for one of the orders
 * this transaction was about to write one for (a cancel's tombstone against a charge, say). The whole
 * transaction rolls back; applied again, it finds that row and decides anew.
 */
export class PaymentRowTaken extends TransientError {
  /** The orders this transaction wrote for: at least one of them was taken. */
  constructor(readonly orderIds: string[]) {
    super(`one of order(s) ${orderIds.join(', ')} got its payment row from another transaction; retrying`);
    this.name = 'PaymentRowTaken';
  }
}

/** This transaction's view of the payments it locked: rows as they will be after the commit. */
interface LockedPayments {
  rows: Map<string, Payment | null>;
  inserted: Set<string>;
  updated: Set<string>;
}

const SELECT_PAYMENTS = `
  SELECT order_id AS "orderId", payment_id AS "paymentId", customer_id AS "customerId", amount_cents AS "amountCents",
         status, reason, created_at AS "createdAt", updated_at AS "updatedAt"
  FROM payments`;

/**
 * Reads and locks go to PostgreSQL at once; writes wait in the transaction's unit of work and leave in
 * one INSERT and one UPDATE, in the statement of the transaction's other writes, whatever the number of
 * events. Every decision is taken on rows held FOR UPDATE (or absent, which the INSERT's ON CONFLICT check
 * covers), so the flush may write absolute values. Each change method returns whether it applied, so the caller emits an event only for
 * a change that is actually made.
 */
@Injectable()
export class PaymentsRepository {
  /** Unlocked, outside any transaction: for queries, and to decide whether a reservation needs the gateway. */
  async findByOrderId(manager: EntityManager, orderId: string): Promise<Payment | null> {
    return (await this.findByOrderIds(manager, [orderId])).get(orderId) ?? null;
  }

  async findByOrderIds(manager: EntityManager, orderIds: string[]): Promise<Map<string, Payment>> {
    const rows: RawPayment[] = await manager.query(`${SELECT_PAYMENTS} WHERE order_id = ANY($1::uuid[])`, [orderIds]);
    return new Map(rows.map((row) => [row.orderId, toPayment(row)]));
  }

  /**
   * SELECT ... FOR UPDATE of the orders' rows not locked yet, in order_id order (one lock order for every
   * transaction). Returns every requested order's row as this transaction sees it, null for none.
   */
  async lockAll(manager: EntityManager, orderIds: string[]): Promise<Map<string, Payment | null>> {
    const state = this.stateOf(manager);
    const missing = [...new Set(orderIds)].filter((id) => !state.rows.has(id)).sort();
    if (missing.length > 0) {
      const rows: RawPayment[] = await manager.query(`${SELECT_PAYMENTS} WHERE order_id = ANY($1::uuid[]) ORDER BY order_id FOR UPDATE`, [
        missing,
      ]);
      missing.forEach((id) => state.rows.set(id, null));
      rows.forEach((row) => state.rows.set(row.orderId, toPayment(row)));
    }
    return new Map(orderIds.map((id) => [id, state.rows.get(id)!]));
  }

  async lockByOrderId(manager: EntityManager, orderId: string): Promise<Payment | null> {
    return (await this.lockAll(manager, [orderId])).get(orderId)!;
  }

  /** A charge's outcome, for an order this transaction found without a payment row. */
  add(manager: EntityManager, payment: NewPayment): void {
    this.insert(manager, {
      ...payment,
      reason: payment.status === 'DECLINED' ? payment.reason : null,
      createdAt: new Date(),
      updatedAt: new Date(),
    });
  }

  /** The VOIDED row an early ORDER_CANCEL leaves, for an order this transaction found without a payment row. */
  addTombstone(manager: EntityManager, tombstone: NewTombstone): void {
    this.insert(manager, { ...tombstone, status: 'VOIDED', customerId: null, amountCents: null, createdAt: new Date(), updatedAt: new Date() });
  }

  /**
   * Notes on an early tombstone who would have paid and how much, when the late reservation
   * arrives. True only the first time, which is what makes PAYMENT_FAILED ORDER_CANCELLED unique.
   */
  async completeTombstone(manager: EntityManager, orderId: string, customerId: string, amountCents: number): Promise<boolean> {
    const row = await this.lockByOrderId(manager, orderId);
    if (row?.status !== 'VOIDED' || row.customerId !== null) return false;
    this.change(manager, { ...row, customerId, amountCents });
    return true;
  }

  async markRefunded(manager: EntityManager, orderId: string): Promise<boolean> {
    const row = await this.lockByOrderId(manager, orderId);
    if (row?.status !== 'CHARGED') return false;
    this.change(manager, { ...row, status: 'REFUNDED' });
    return true;
  }

  private insert(manager: EntityManager, row: Payment): void {
    const state = this.stateOf(manager);
    if (state.rows.get(row.orderId)) throw new Error(`order ${row.orderId}: a payment row is added only where none was found`);
    state.rows.set(row.orderId, row);
    state.inserted.add(row.orderId);
  }

  private change(manager: EntityManager, row: Payment): void {
    const state = this.stateOf(manager);
    state.rows.set(row.orderId, row);
    // A row inserted by this transaction is simply inserted with its latest values.
    if (!state.inserted.has(row.orderId)) state.updated.add(row.orderId);
  }

  private stateOf(manager: EntityManager): LockedPayments {
    const unit = unitOfWork(manager);
    return unit.stateOf(this, () => {
      const state: LockedPayments = { rows: new Map(), inserted: new Set(), updated: new Set() };
      // The handlers lock a payment before they touch a balance or the ledger, so these writes are registered,
      // and checked, first: a lost race is PaymentRowTaken before the ledger's check could say otherwise.
      unit.beforeCommitStatement(() => this.inserts([...state.inserted].map((id) => state.rows.get(id)!)));
      unit.beforeCommitStatement(() => this.updates([...state.updated].map((id) => state.rows.get(id)!)));
      return state;
    });
  }

  /**
   * ON CONFLICT DO NOTHING: a row another transaction committed since our (empty) locking read wins and is
   * missing from RETURNING, and the count check rolls the whole transaction back as PaymentRowTaken.
   */
  private inserts(rows: Payment[]): DeferredStatement | null {
    if (rows.length === 0) return null;
    return {
      sql: `INSERT INTO payments (order_id, payment_id, customer_id, amount_cents, status, reason)
            SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::bigint[], $5::text[], $6::text[])
            ON CONFLICT (order_id) DO NOTHING RETURNING order_id`,
      params: columnsOf(rows),
      expect: { rows: rows.length, mismatch: () => new PaymentRowTaken(rows.map((row) => row.orderId)) },
    };
  }

  private updates(rows: Payment[]): DeferredStatement | null {
    if (rows.length === 0) return null;
    return {
      sql: `UPDATE payments AS p
            SET customer_id = m.customer_id, amount_cents = m.amount_cents, status = m.status, reason = m.reason, updated_at = now()
            FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::bigint[], $5::text[], $6::text[])
              AS m(order_id, payment_id, customer_id, amount_cents, status, reason)
            WHERE p.order_id = m.order_id
            RETURNING p.order_id`,
      params: columnsOf(rows),
      expect: {
        rows: rows.length,
        mismatch: (changed) => new Error(`${rows.length - changed} locked payment row(s) vanished before the commit`),
      },
    };
  }
}

type RawPayment = Omit<Payment, 'amountCents'> & { amountCents: string | null };

function toPayment({ amountCents, ...row }: RawPayment): Payment {
  return { ...row, amountCents: amountCents === null ? null : Number(amountCents) } as Payment;
}

function columnsOf(rows: Payment[]): unknown[][] {
  return [
    rows.map((row) => row.orderId),
    rows.map((row) => row.paymentId),
    rows.map((row) => row.customerId),
    rows.map((row) => row.amountCents),
    rows.map((row) => row.status),
    rows.map((row) => row.reason),
  ];
}
