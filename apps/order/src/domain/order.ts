import type { PayloadOf } from '@saga/events';
import { CancelReason, isFinal, OrderStatus } from './order-status';
import { InvalidOrderError } from './order.errors';

export interface OrderLine {
  readonly sku: string;
  readonly quantity: number;
}

export interface OrderState {
  readonly id: string;
  /** The saga id: generated at placement and carried unchanged into every event of this order's saga. */
  readonly transactionId: string;
  readonly customerId: string;
  readonly items: readonly OrderLine[];
  readonly status: OrderStatus;
  readonly reason: CancelReason | null;
  /** Known once inventory reserved (it owns prices) or payment charged. */
  readonly totalCents: number | null;
  readonly idempotencyKey: string | null;
  readonly createdAt: Date;
  readonly deadlineAt: Date;
}

/** The event the order service owes the other participants after a transition. */
export type Announcement = 'ORDER_CONFIRMED' | 'ORDER_CANCEL';

/** What a fact did to the order: the caller saves and announces only on a change. */
export type Transition =
  | { readonly changed: true; readonly from: OrderStatus; readonly to: OrderStatus; readonly announce: Announcement | null }
  | { readonly changed: false; readonly status: OrderStatus; readonly because: string };

type RejectionReason = PayloadOf<'INVENTORY_REJECTED'>['reason'];
type PaymentFailureReason = PayloadOf<'PAYMENT_FAILED'>['reason'];

export interface PlaceOrder {
  id: string;
  transactionId: string;
  customerId: string;
  items: readonly OrderLine[];
  idempotencyKey: string | null;
  now: Date;
  deadlineMs: number;
}

/**
 * The order aggregate. Every method that reacts to a remote fact is guarded by the current
 * status, so a redelivered, late or out-of-order event is a no-op instead of a corruption.
 */
export class Order {
  private constructor(private state: OrderState) {}

  static place(input: PlaceOrder): Order {
    if (input.items.length === 0) throw new InvalidOrderError('an order needs at least one line');
    const skus = new Set(input.items.map((line) => line.sku));
    if (skus.size !== input.items.length) throw new InvalidOrderError('each sku may appear on one line only');
    if (input.items.some((line) => !Number.isInteger(line.quantity) || line.quantity < 1)) {
      throw new InvalidOrderError('quantities must be positive integers');
    }
    return new Order({
      id: input.id,
      transactionId: input.transactionId,
      customerId: input.customerId,
      items: input.items.map(({ sku, quantity }) => ({ sku, quantity })),
      status: 'PENDING',
      reason: null,
      totalCents: null,
      idempotencyKey: input.idempotencyKey,
      createdAt: input.now,
      deadlineAt: new Date(input.now.getTime() + input.deadlineMs),
    });
  }

  static restore(state: OrderState): Order {
    return new Order(state);
  }

  get id(): string {
    return this.state.id;
  }
  get status(): OrderStatus {
    return this.state.status;
  }
  snapshot(): OrderState {
    return this.state;
  }

  noteInventoryReserved(totalCents: number): Transition {
    if (this.state.status !== 'PENDING') return this.unchanged(this.whyIgnored('reservation'));
    return this.moveTo('RESERVED', { totalCents }, null);
  }

  noteInventoryRejected(reason: RejectionReason): Transition {
    if (reason === 'ORDER_CANCELLED') return this.unchanged('inventory saw our ORDER_CANCEL first');
    if (this.state.status !== 'PENDING') return this.unchanged(this.whyIgnored('rejection'));
    // The cancel reasons are the contract's; an unknown sku is "not in stock" for the customer.
    return this.moveTo('CANCELLED', { reason: 'OUT_OF_STOCK' }, 'ORDER_CANCEL');
  }

  /** A charge proves the reservation, so a PENDING order (reservation event still in flight) confirms too. */
  notePaymentCompleted(amountCents: number): Transition {
    if (this.state.status === 'CANCELLED') {
      return this.unchanged('order was cancelled first; payment refunds when it receives ORDER_CANCEL');
    }
    if (this.state.status === 'CONFIRMED') return this.unchanged('already CONFIRMED');
    return this.moveTo('CONFIRMED', { totalCents: amountCents }, 'ORDER_CONFIRMED');
  }

  notePaymentFailed(reason: PaymentFailureReason): Transition {
    if (reason === 'ORDER_CANCELLED') return this.unchanged('payment saw our ORDER_CANCEL first');
    if (isFinal(this.state.status)) return this.unchanged(this.whyIgnored('payment failure'));
    return this.moveTo('CANCELLED', { reason: 'PAYMENT_DECLINED' }, 'ORDER_CANCEL');
  }

  /** Cancellation decided here (deadline passed, customer asked): allowed until the order is final. */
  cancel(reason: Extract<CancelReason, 'TIMEOUT' | 'CUSTOMER_CANCELLED'>): Transition {
    if (isFinal(this.state.status)) return this.unchanged(`already ${this.state.status}`);
    return this.moveTo('CANCELLED', { reason }, 'ORDER_CANCEL');
  }

  isOverdue(now: Date): boolean {
    return !isFinal(this.state.status) && this.state.deadlineAt.getTime() <= now.getTime();
  }

  /** Same customer and same lines (in any order): a retry of the request that placed this order. */
  isSameRequestAs(customerId: string, items: readonly OrderLine[]): boolean {
    const canonical = (lines: readonly OrderLine[]) =>
      JSON.stringify([...lines].sort((a, b) => a.sku.localeCompare(b.sku)).map((l) => [l.sku, l.quantity]));
    return customerId === this.state.customerId && canonical(items) === canonical(this.state.items);
  }

  private moveTo(to: OrderStatus, changes: Partial<OrderState>, announce: Announcement | null): Transition {
    const from = this.state.status;
    this.state = { ...this.state, ...changes, status: to };
    return { changed: true, from, to, announce };
  }

  private unchanged(because: string): Transition {
    return { changed: false, status: this.state.status, because };
  }

  private whyIgnored(fact: string): string {
    return `late ${fact}: order is already ${this.state.status}`;
  }
}
