import { Topic } from '@saga/events';
import { DeadLetterView, Observation } from './feed/observation';
import { OrderSummary } from './projection/order-summary';
import { RecentOrders } from './projection/recent-orders';
import { PartitionedWindowCounts, WindowedCountsView } from './windows/partitioned-window-counts';
import { orderOutcomeOf } from './windows/order-outcome';

export interface SagaLiveViewOptions {
  orderCapacity: number;
  deadLetterCapacity: number;
  windowGraceMs: number;
  windowsShown: number;
}

/** What one observation changed, for the page. */
export interface ObservedChange {
  order?: OrderSummary;
  windowsChanged: boolean;
  deadLetter?: DeadLetterView;
}

export interface LiveSnapshot {
  orders: OrderSummary[];
  windows: WindowedCountsView;
  deadLetters: DeadLetterView[];
}

const MINUTE_MS = 60_000;

/**
 * Everything the page shows that comes from the stream, folded from observations in memory: recent
 * orders, per-minute outcomes (tumbling windows over the `order` topic) and the latest dead letters.
 * No I/O, so it is tested with plain events.
 */
export class SagaLiveView {
  readonly orders: RecentOrders;
  private readonly outcomes: PartitionedWindowCounts;
  private readonly deadLetters: DeadLetterView[] = [];

  constructor(private readonly options: SagaLiveViewOptions) {
    this.orders = new RecentOrders(options.orderCapacity);
    this.outcomes = new PartitionedWindowCounts({
      sizeMs: MINUTE_MS,
      graceMs: options.windowGraceMs,
      retainWindows: options.windowsShown,
    });
  }

  observe(observation: Observation): ObservedChange {
    if (observation.kind === 'dead-letter') {
      const { deadLetter } = observation;
      this.deadLetters.unshift(deadLetter);
      this.deadLetters.length = Math.min(this.deadLetters.length, this.options.deadLetterCapacity);
      return { order: this.orders.noteDeadLetter(deadLetter), windowsChanged: false, deadLetter };
    }
    const { event, source } = observation;
    const seenBefore = this.orders.trailOf(event.orderId)?.deliveries.has(event.eventId) ?? false;
    const order = this.orders.noteEvent(event);
    const outcome = source.topic === Topic.order && !seenBefore ? orderOutcomeOf(event) : undefined;
    const windowsChanged = outcome !== undefined && this.outcomes.add(`${source.topic}/${source.partition}`, Date.parse(event.occurredAt), outcome);
    return { order, windowsChanged };
  }

  windows(): WindowedCountsView {
    return this.outcomes.view();
  }

  snapshot(): LiveSnapshot {
    return { orders: this.orders.list(), windows: this.windows(), deadLetters: [...this.deadLetters] };
  }
}
