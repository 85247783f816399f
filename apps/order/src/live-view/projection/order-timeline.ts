import { HistoryDetail } from '../../persistence/order-history.schema';
import { OrderTrail } from './recent-orders';

export type StepKind = 'step' | 'cancel' | 'compensation' | 'dead-letter';

/** One line of an order's timeline on the page. */
export interface TimelineStep {
  at: string;
  service: string;
  type: string;
  kind: StepKind;
  /** What the payload says, in a few words (amounts, reasons, lines short of stock). */
  detail?: string;
  /** What the event changed in the order service ("PENDING -> RESERVED", "no change: ..."). */
  effect?: string;
  /** How often the live view read this event; above 1 it was redelivered. */
  deliveries?: number;
  /** For a dead letter: the handler attempts before it was parked. */
  attempts?: number;
}

/** An order_history row as the timeline needs it. */
export interface HistoryStep {
  eventId: string;
  eventType: string;
  service: string;
  occurredAt: Date;
  detail: HistoryDetail;
}

const KIND: Record<string, StepKind> = {
  ORDER_CANCEL: 'cancel',
  INVENTORY_RELEASED: 'compensation',
  PAYMENT_REFUNDED: 'compensation',
};

/**
 * The order's timeline across the three services: the order service's history (in causal order:
 * occurrence time, an announcement never dated before its cause, then insertion), with what only
 * the stream shows merged in by time: redeliveries and dead-letter hits.
 */
export function orderTimeline(history: readonly HistoryStep[], trail?: OrderTrail): TimelineStep[] {
  const steps: TimelineStep[] = history.map((row) => ({
    at: row.occurredAt.toISOString(),
    service: row.service,
    type: row.eventType,
    kind: KIND[row.eventType] ?? 'step',
    ...describe(row.eventType, row.detail.payload as Record<string, unknown>),
    ...(row.detail.effect && { effect: row.detail.effect }),
    ...deliveriesOf(row.eventId, trail),
  }));
  const deadLetters: TimelineStep[] = (trail?.deadLetters ?? []).map((letter) => ({
    at: letter.failedAt,
    service: letter.consumerGroup.replace(/-service$/, ''),
    type: `${letter.eventType ?? 'record'} → ${letter.source.topic}`,
    kind: 'dead-letter',
    detail: `${letter.reason}: ${letter.error}`.slice(0, 300),
    attempts: letter.attempts,
  }));
  // A stable sort keeps the history's own order among equal times.
  return [...steps, ...deadLetters].map((step, index) => ({ step, index })).sort(
    (a, b) => a.step.at.localeCompare(b.step.at) || a.index - b.index,
  ).map(({ step }) => step);
}

function deliveriesOf(eventId: string, trail?: OrderTrail): Pick<TimelineStep, 'deliveries'> {
  const deliveries = trail?.deliveries.get(eventId);
  return deliveries && deliveries > 1 ? { deliveries } : {};
}

const cents = (value: unknown) => `${(Number(value) / 100).toFixed(2)}`;

function describe(type: string, payload: Record<string, unknown>): Pick<TimelineStep, 'detail'> {
  const detail = ((): string | undefined => {
    switch (type) {
      case 'ORDER_CREATED':
        return `${payload.customerId}: ${(payload.items as { sku: string; quantity: number }[]).map((i) => `${i.quantity}× ${i.sku}`).join(', ')}`;
      case 'INVENTORY_RESERVED':
      case 'ORDER_CONFIRMED':
        return `total ${cents(payload.totalCents)}`;
      case 'INVENTORY_REJECTED':
        return `${payload.reason}: ${(payload.lines as { sku: string; requested: number; available: number }[])
          .map((l) => `${l.sku} ${l.requested} requested, ${l.available} available`)
          .join('; ')}`;
      case 'PAYMENT_COMPLETED':
      case 'PAYMENT_REFUNDED':
        return `${cents(payload.amountCents)} for ${payload.customerId}`;
      case 'PAYMENT_FAILED':
        return `${payload.reason} (${cents(payload.amountCents)} for ${payload.customerId})`;
      case 'ORDER_CANCEL':
        return String(payload.reason);
      case 'INVENTORY_RELEASED':
        return (payload.items as { sku: string; quantity: number }[]).map((i) => `${i.quantity}× ${i.sku}`).join(', ');
      default:
        return undefined;
    }
  })();
  return detail ? { detail } : {};
}
