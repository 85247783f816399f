import { SagaEvent } from '@saga/events';
import { DeadLetterView } from '../feed/observation';
import { OrderSummary, SagaProgress } from './order-summary';

/** What the stream knows about one order beyond its summary: for the timeline. */
export interface OrderTrail {
  /** Times each event id was read; more than once means redelivered. */
  deliveries: ReadonlyMap<string, number>;
  deadLetters: readonly DeadLetterView[];
}

interface Entry {
  summary: OrderSummary;
  deliveries: Map<string, number>;
  deadLetters: DeadLetterView[];
}

const RANK: Record<SagaProgress, number> = { PENDING: 0, RESERVED: 1, CONFIRMED: 2, CANCELLED: 2 };
const COMPENSATIONS = new Set(['INVENTORY_RELEASED', 'PAYMENT_REFUNDED']);

/**
 * The live list, folded from the three topics. Topics are read independently, so one order's events
 * may arrive in any order across topics (INVENTORY_RESERVED before ORDER_CREATED): progress only moves
 * forward and a final state is never overwritten, so the result does not depend on arrival order.
 * Holds at most `capacity` orders; the first seen goes first.
 */
export class RecentOrders {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly capacity: number) {}

  noteEvent(event: SagaEvent): OrderSummary {
    const entry = this.entryFor(event.orderId, event.transactionId, event.occurredAt);
    const deliveries = (entry.deliveries.get(event.eventId) ?? 0) + 1;
    entry.deliveries.set(event.eventId, deliveries);
    const summary = entry.summary;
    if (deliveries > 1) {
      summary.redeliveries++;
      return summary;
    }
    if (event.occurredAt >= summary.updatedAt) {
      summary.updatedAt = event.occurredAt;
      summary.lastEvent = event.type;
    }
    switch (event.type) {
      case 'ORDER_CREATED':
        summary.customerId = event.payload.customerId;
        summary.items = event.payload.items.map(({ sku, quantity }) => ({ sku, quantity }));
        summary.createdAt = event.occurredAt;
        break;
      case 'INVENTORY_RESERVED':
        summary.totalCents = event.payload.totalCents;
        advance(summary, 'RESERVED');
        break;
      case 'ORDER_CONFIRMED':
        summary.totalCents = event.payload.totalCents;
        advance(summary, 'CONFIRMED');
        break;
      case 'ORDER_CANCEL':
        if (advance(summary, 'CANCELLED')) summary.reason = event.payload.reason;
        break;
      default:
        if (COMPENSATIONS.has(event.type)) summary.compensations.push(event.type);
    }
    return summary;
  }

  /** Counts a dead letter against its order; undefined for poison that names no order. */
  noteDeadLetter(deadLetter: DeadLetterView): OrderSummary | undefined {
    if (!deadLetter.orderId) return undefined;
    const entry = this.entryFor(deadLetter.orderId, undefined, deadLetter.failedAt);
    entry.deadLetters.push(deadLetter);
    entry.summary.deadLetters++;
    return entry.summary;
  }

  /** Newest first: by placement time, or by the first event seen for orders whose creation was not read. */
  list(): OrderSummary[] {
    const placedAt = (summary: OrderSummary) => summary.createdAt ?? summary.updatedAt;
    return [...this.entries.values()].map((entry) => entry.summary).sort((a, b) => placedAt(b).localeCompare(placedAt(a)));
  }

  get(orderId: string): OrderSummary | undefined {
    return this.entries.get(orderId)?.summary;
  }

  trailOf(orderId: string): OrderTrail | undefined {
    const entry = this.entries.get(orderId);
    return entry && { deliveries: entry.deliveries, deadLetters: entry.deadLetters };
  }

  private entryFor(orderId: string, transactionId: string | undefined, at: string): Entry {
    let entry = this.entries.get(orderId);
    if (!entry) {
      entry = {
        summary: {
          orderId,
          transactionId: transactionId ?? '',
          status: 'PENDING',
          updatedAt: at,
          lastEvent: '',
          compensations: [],
          deadLetters: 0,
          redeliveries: 0,
        },
        deliveries: new Map(),
        deadLetters: [],
      };
      this.entries.set(orderId, entry);
      if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    }
    if (transactionId && !entry.summary.transactionId) entry.summary.transactionId = transactionId;
    return entry;
  }
}

function advance(summary: OrderSummary, to: SagaProgress): boolean {
  if (RANK[to] <= RANK[summary.status]) return false;
  summary.status = to;
  return true;
}
