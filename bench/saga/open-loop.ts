import { Pool } from 'undici';
import { OrderRequest } from './order-mix';

export interface PlacedOrder {
  /** performance.now() at which the schedule said this order is sent: every latency counts from here. */
  scheduledAt: number;
  /** When the request actually left; later than scheduledAt when the generator itself fell behind. */
  sentAt: number;
  respondedAt: number;
  order: OrderRequest;
  /** Set on a 202. */
  orderId?: string;
  /** Set on anything else: status code or network error. */
  error?: string;
}

export interface OpenLoopOptions {
  orderUrl: string;
  ratePerSec: number;
  durationMs: number;
  nextOrder: () => OrderRequest;
  /** Connections kept to the order service; requests beyond them queue in the client (still timed from the schedule). */
  maxSockets?: number;
}

/**
 * Offers orders at a fixed rate for a fixed time, whatever the service answers (open loop). Send
 * times come from the schedule, not from responses, so a slow service cannot slow the offer down
 * and hide its own latency (no coordinated omission). The client is undici's connection pool: the
 * generator shares the cores with what it measures, and node:http's client cost it ~15% more per request.
 */
export async function offerOrders(options: OpenLoopOptions): Promise<PlacedOrder[]> {
  const pool = new Pool(options.orderUrl, { connections: options.maxSockets ?? 256 });
  const total = Math.round((options.ratePerSec * options.durationMs) / 1000);
  const intervalMs = 1000 / options.ratePerSec;
  const inFlight: Promise<PlacedOrder>[] = [];
  const start = performance.now();
  try {
    while (inFlight.length < total) {
      const due = Math.min(total, Math.floor((performance.now() - start) / intervalMs) + 1);
      while (inFlight.length < due) {
        inFlight.push(post(pool, start + inFlight.length * intervalMs, options.nextOrder()));
      }
      const nextAt = start + inFlight.length * intervalMs;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, nextAt - performance.now())));
    }
    return await Promise.all(inFlight);
  } finally {
    await pool.close();
  }
}

async function post(pool: Pool, scheduledAt: number, order: OrderRequest): Promise<PlacedOrder> {
  const sentAt = performance.now();
  const done = (outcome: { orderId?: string; error?: string }): PlacedOrder => ({ scheduledAt, sentAt, respondedAt: performance.now(), order, ...outcome });
  try {
    const response = await pool.request({
      path: '/orders',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(order),
    });
    const text = await response.body.text();
    if (response.statusCode !== 202) return done({ error: `HTTP ${response.statusCode}: ${text.slice(0, 200)}` });
    return done({ orderId: (JSON.parse(text) as { orderId: string }).orderId });
  } catch (error) {
    // Not sent again: a POST that may have reached the service could place a second order the run never sees.
    return done({ error: (error as Error).message });
  }
}

/** Orders scheduled before `leadInMs` from the first one (a lead-in, not measured) and the measured rest. */
export function splitAtLeadIn(placed: PlacedOrder[], leadInMs: number): { ledIn: PlacedOrder[]; measured: PlacedOrder[] } {
  const measuredFrom = (placed[0]?.scheduledAt ?? 0) + leadInMs;
  return { ledIn: placed.filter((p) => p.scheduledAt < measuredFrom), measured: placed.filter((p) => p.scheduledAt >= measuredFrom) };
}
