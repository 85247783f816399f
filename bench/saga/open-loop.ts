import { Agent, request } from 'node:http';
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
 * and hide its own latency (no coordinated omission).
 */
export async function offerOrders(options: OpenLoopOptions): Promise<PlacedOrder[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 256 });
  const total = Math.round((options.ratePerSec * options.durationMs) / 1000);
  const intervalMs = 1000 / options.ratePerSec;
  const inFlight: Promise<PlacedOrder>[] = [];
  const start = performance.now();
  try {
    while (inFlight.length < total) {
      const due = Math.min(total, Math.floor((performance.now() - start) / intervalMs) + 1);
      while (inFlight.length < due) {
        inFlight.push(post(agent, options.orderUrl, start + inFlight.length * intervalMs, options.nextOrder()));
      }
      const nextAt = start + inFlight.length * intervalMs;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, nextAt - performance.now())));
    }
    return await Promise.all(inFlight);
  } finally {
    agent.destroy();
  }
}

function post(agent: Agent, orderUrl: string, scheduledAt: number, order: OrderRequest, retried = false): Promise<PlacedOrder> {
  const body = JSON.stringify(order);
  const sentAt = performance.now();
  return new Promise((resolve) => {
    const done = (outcome: { orderId?: string; error?: string }) =>
      resolve({ scheduledAt, sentAt, respondedAt: performance.now(), order, ...outcome });
    const req = request(
      `${orderUrl}/orders`,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          if (res.statusCode !== 202) return done({ error: `HTTP ${res.statusCode}: ${text.slice(0, 200)}` });
          done({ orderId: (JSON.parse(text) as { orderId: string }).orderId });
        });
        res.on('error', (error) => done({ error: error.message }));
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      // The server may close an idle keep-alive connection just as a request is written to it; the
      // request never reached the handler, so it is sent again (still timed from its schedule).
      if (req.reusedSocket && error.code === 'ECONNRESET' && !retried) {
        post(agent, orderUrl, scheduledAt, order, true).then(resolve);
      } else done({ error: error.message });
    });
    req.end(body);
  });
}
