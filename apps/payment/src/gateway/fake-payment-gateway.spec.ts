import { randomUUID } from 'node:crypto';
import { isTransientError, TransientError } from '@saga/messaging';
import { AuthorizationRequest } from '../application/ports/payment-gateway.port';
import { FakePaymentGateway } from './fake-payment-gateway';

function request(orderId = randomUUID()): AuthorizationRequest {
  return { paymentId: randomUUID(), orderId, customerId: 'alice', amountCents: 1000 };
}

function gateway(options: Partial<ConstructorParameters<typeof FakePaymentGateway>[0]> = {}) {
  return new FakePaymentGateway({ declineRate: 0, transientErrorRate: 0, latencyMs: 0, ...options });
}

async function declineShare(subject: FakePaymentGateway, orders: number): Promise<number> {
  let declined = 0;
  for (let i = 0; i < orders; i++) if ((await subject.authorize(request())) === 'DECLINED') declined++;
  return declined / orders;
}

describe('FakePaymentGateway', () => {
  it('approves every order when the decline rate is 0', async () => {
    expect(await declineShare(gateway({ declineRate: 0 }), 500)).toBe(0);
  });

  it('declines every order when the decline rate is 1', async () => {
    expect(await declineShare(gateway({ declineRate: 1 }), 500)).toBe(1);
  });

  it('declines about the configured share of orders', async () => {
    const share = await declineShare(gateway({ declineRate: 0.3 }), 4000);
    expect(share).toBeGreaterThan(0.26);
    expect(share).toBeLessThan(0.34);
  });

  it('gives one order the same answer on every retry and from every instance', async () => {
    const orders = Array.from({ length: 200 }, () => request());
    const first = gateway({ declineRate: 0.5 });
    const second = gateway({ declineRate: 0.5 });
    const answers = await Promise.all(orders.map((r) => first.authorize(r)));
    expect(await Promise.all(orders.map((r) => first.authorize({ ...r, paymentId: randomUUID() })))).toEqual(answers);
    expect(await Promise.all(orders.map((r) => second.authorize(r)))).toEqual(answers);
    expect(new Set(answers)).toEqual(new Set(['APPROVED', 'DECLINED']));
  });

  it('fails with a retryable TransientError when the random draw falls under the transient error rate', async () => {
    const draws = [0.05, 0.5];
    const subject = gateway({ transientErrorRate: 0.1, random: () => draws.shift()! });
    const order = request();
    const failure = await subject.authorize(order).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TransientError);
    expect(isTransientError(failure)).toBe(true);
    await expect(subject.authorize(order)).resolves.toBe('APPROVED');
  });

  it('never fails when the transient error rate is 0', async () => {
    const subject = gateway({ transientErrorRate: 0, random: () => 0 });
    await expect(subject.authorize(request())).resolves.toBe('APPROVED');
  });

  it('answers after the configured latency', async () => {
    const started = performance.now();
    await gateway({ latencyMs: 60 }).authorize(request());
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });
});
