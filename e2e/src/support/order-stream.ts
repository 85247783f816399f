import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { SagaApi } from './saga-api';

/** What a streamed order is meant to exercise; faults may still turn any of them into a TIMEOUT cancel. */
export type OrderKind = 'CONFIRMABLE' | 'OUT_OF_STOCK' | 'DECLINED' | 'CUSTOMER_CANCEL';

/** Ten orders of the mix, repeated: mostly sales, and every compensation path in each round. */
const MIX: readonly OrderKind[] = [
  'CONFIRMABLE', 'CUSTOMER_CANCEL', 'CONFIRMABLE', 'OUT_OF_STOCK', 'CONFIRMABLE',
  'DECLINED', 'CONFIRMABLE', 'CUSTOMER_CANCEL', 'CONFIRMABLE', 'CONFIRMABLE',
];

const MAX_IN_FLIGHT = 10;

/** Who buys: a customer with money to spare and one who cannot pay for anything in the mix. */
export interface StreamCast {
  buyer: string;
  brokeBuyer: string;
}

export interface StreamedOrder {
  orderId: string;
  kind: OrderKind;
  /** The answer to the customer's cancel (202, or 409 once the order was final), for CUSTOMER_CANCEL. */
  cancelStatus?: number;
}

/** Products the mix touches: CABLE-USB-C and MOUSE-01 sell, HEADSET-01 is asked for beyond any stock. */
export const STREAM_SKUS = { cheap: 'CABLE-USB-C', extra: 'MOUSE-01', scarce: 'HEADSET-01' } as const;

function itemsOf(kind: OrderKind, n: number): { sku: string; quantity: number }[] {
  switch (kind) {
    case 'OUT_OF_STOCK':
      return [{ sku: STREAM_SKUS.extra, quantity: 1 }, { sku: STREAM_SKUS.scarce, quantity: 1000 }];
    case 'DECLINED':
      return [{ sku: STREAM_SKUS.cheap, quantity: 1 }];
    default:
      return n % 3 === 0
        ? [{ sku: STREAM_SKUS.cheap, quantity: 1 + (n % 2) }, { sku: STREAM_SKUS.extra, quantity: 1 }]
        : [{ sku: STREAM_SKUS.cheap, quantity: 1 + (n % 3) }];
  }
}

// fetch rejects with a TypeError when the connection is refused or reset, or the process dies mid-request.
// Compared by name: under jest, fetch's errors come from another realm, so instanceof fails even for Error.
function isUnreachable(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'TypeError';
}

/**
 * Calls `attempt` until the service gives a definite answer, as a client with an Idempotency-Key would:
 * an unreachable service or a 5xx (its database down, say) is retried, anything else is returned.
 */
export async function untilAnswered<T extends { status: number }>(attempt: () => Promise<T>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await attempt().catch((error: unknown) => {
      if (!isUnreachable(error)) throw error;
      return undefined;
    });
    if (answer && answer.status < 500) return answer;
    if (Date.now() > deadline) throw new Error(`no answer within ${timeoutMs} ms (last: ${answer?.status ?? 'unreachable'})`);
    await delay(200);
  }
}

/**
 * A steady stream of orders of every kind, placed over REST while faults are injected. Placement and
 * customer cancels retry until the order service answers, so every order the stream starts is placed
 * exactly once (the Idempotency-Key makes a retried POST return the first one).
 */
export class OrderStream {
  private readonly orders: StreamedOrder[] = [];
  private readonly pending = new Set<Promise<void>>();
  private readonly failures: string[] = [];
  private timer?: NodeJS.Timeout;
  private count = 0;

  constructor(
    private readonly api: SagaApi,
    private readonly cast: StreamCast,
    private readonly everyMs = 100,
  ) {}

  /**
   * One order per tick, like a client with a bounded pool: while the order service is down, at most
   * MAX_IN_FLIGHT placements wait and retry, instead of a flood arriving the moment it is back.
   */
  start(): this {
    this.timer ??= setInterval(() => {
      if (this.pending.size < MAX_IN_FLIGHT) this.track(this.placeNext());
    }, this.everyMs);
    return this;
  }

  /** Places `n` orders of the mix at once (a burst), on top of the steady stream if it runs. */
  burst(n: number): void {
    for (let i = 0; i < n; i++) this.track(this.placeNext());
  }

  get placed(): number {
    return this.orders.length;
  }

  /** Stops placing new orders and waits for those under way; throws if any could not be placed. */
  async stop(): Promise<StreamedOrder[]> {
    clearInterval(this.timer);
    this.timer = undefined;
    while (this.pending.size > 0) await Promise.all([...this.pending]);
    if (this.failures.length > 0) throw new Error(`orders the stream could not place:\n  ${this.failures.join('\n  ')}`);
    return [...this.orders];
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((error: Error) => void this.failures.push(error.message)).finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }

  private async placeNext(): Promise<void> {
    const n = this.count++;
    const kind = MIX[n % MIX.length];
    const customer = kind === 'DECLINED' ? this.cast.brokeBuyer : this.cast.buyer;
    const key = randomUUID();
    const placed = await untilAnswered(() => this.api.placeOrder(customer, itemsOf(kind, n), key));
    if (placed.status !== 202) throw new Error(`order ${n} (${kind}) answered ${placed.status}: ${JSON.stringify(placed.body)}`);
    const order: StreamedOrder = { orderId: placed.body.orderId, kind };
    this.orders.push(order);
    if (kind !== 'CUSTOMER_CANCEL') return;
    // Varied timing: some cancels land before the reservation, some race the charge, some come too late.
    await delay(Math.floor(Math.random() * 400));
    const cancelled = await untilAnswered(() => this.api.cancelOrder(order.orderId));
    if (cancelled.status !== 202 && cancelled.status !== 409) throw new Error(`cancel of ${order.orderId} answered ${cancelled.status}`);
    order.cancelStatus = cancelled.status;
  }
}
