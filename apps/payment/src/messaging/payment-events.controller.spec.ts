import { randomUUID } from 'node:crypto';
import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { SagaEvent } from '@saga/events';
import { TransientError } from '@saga/messaging';
import { inventoryReserved, orderCancel } from '../__fixtures__/payment-testbed';
import { RunningPaymentApi, startPaymentApi } from '../__fixtures__/payment-api';

/** Hands events to the registered @EventPattern handlers through Nest's pipeline, as SagaKafkaTransport does. */
class InProcessTransport extends Server implements CustomTransportStrategy {
  listen(callback: () => void): void {
    callback();
  }
  close(): void {}
  on(): never {
    throw new Error('not used');
  }
  unwrap<T>(): T {
    throw new Error('not used');
  }

  async deliver(event: SagaEvent): Promise<void> {
    const handler = this.getHandlerByPattern(event.type);
    if (!handler) throw new Error(`no handler for ${event.type}`);
    await lastValueFrom(this.transformToObservable(await handler(event, undefined)), { defaultValue: undefined });
  }
}

describe('PaymentEventsController', () => {
  const transport = new InProcessTransport();
  let api: RunningPaymentApi;

  beforeAll(async () => {
    api = await startPaymentApi({ env: { GATEWAY_TRANSIENT_ERROR_RATE: '1' }, consumer: transport });
  });
  afterAll(() => api.stop());

  it('lets a TransientError reach the transport as itself, so the event is retried rather than dead-lettered', async () => {
    const failure = await transport.deliver(inventoryReserved(randomUUID(), 'alice', 900)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TransientError);
  });

  it('routes ORDER_CANCEL to its reaction', async () => {
    const orderId = randomUUID();
    await transport.deliver(orderCancel(orderId, 'TIMEOUT'));
    const [payment] = await api.dataSource.query('SELECT status FROM payments WHERE order_id = $1', [orderId]);
    expect(payment).toEqual({ status: 'VOIDED' });
  });
});
