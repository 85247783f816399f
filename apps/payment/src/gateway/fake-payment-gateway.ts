import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { TransientError } from '@saga/messaging';
import { Authorization, AuthorizationRequest, PaymentGateway } from '../application/ports/payment-gateway.port';

export interface FakeGatewayOptions {
  /** Share of orders declined, 0..1. */
  declineRate: number;
  /** Share of calls failing as if the provider were down, 0..1. */
  transientErrorRate: number;
  latencyMs: number;
  /** Source of randomness for transient failures; injectable for tests. */
  random?: () => number;
}

/** A point in [0, 1) fixed by the orderId: the same order always lands on the same side of the decline rate. */
function orderPoint(orderId: string): number {
  return createHash('sha256').update(orderId).digest().readUInt32BE(0) / 2 ** 32;
}

/**
 * Stands in for a payment provider. Declines are a pure function of the orderId, so they are
 * idempotent across retries, restarts and instances without any state. Transient failures are
 * random per call, like a flaky network: a retry may succeed.
 */
export class FakePaymentGateway implements PaymentGateway {
  private readonly random: () => number;

  constructor(private readonly options: FakeGatewayOptions) {
    this.random = options.random ?? Math.random;
  }

  async authorize(request: AuthorizationRequest): Promise<Authorization> {
    if (this.options.latencyMs > 0) await delay(this.options.latencyMs);
    if (this.random() < this.options.transientErrorRate) {
      throw new TransientError(`payment gateway unavailable (order ${request.orderId}); try again`);
    }
    return orderPoint(request.orderId) < this.options.declineRate ? 'DECLINED' : 'APPROVED';
  }
}
