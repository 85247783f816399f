import { createEvent } from '@saga/events';
import { ConsumedRecord } from '../kafka/message-bus.port';
import { consumedRecord, listeningTransport } from './__fixtures__/listening-transport';

function orderCreatedRecord(offset: number): ConsumedRecord {
  const event = createEvent('ORDER_CREATED', {
    transactionId: '7d3c6a52-8a4e-4b7a-9f55-0c1f3e2b9a10',
    orderId: '1b9e0c8e-5d0f-4c64-8a0b-3f1c2e4d5a60',
    payload: { customerId: 'alice', items: [{ sku: 'MOUSE-01', quantity: 1 }] },
  });
  return consumedRecord(event, offset);
}

describe('SagaKafkaTransport', () => {
  it('heartbeats after each record it finished, so a long batch keeps its group membership', async () => {
    const onBatch = await listeningTransport({ ORDER_CREATED: async () => undefined });
    const marked: string[] = [];
    const heartbeatsAfter: number[] = [];

    await onBatch(
      { topic: 'order', partition: 0, records: [orderCreatedRecord(0), orderCreatedRecord(1), orderCreatedRecord(2)] },
      {
        markProcessed: (record) => marked.push(record.offset),
        heartbeat: async () => void heartbeatsAfter.push(marked.length),
        shouldContinue: () => true,
      },
    );

    expect(marked).toEqual(['0', '1', '2']);
    expect(heartbeatsAfter).toEqual([1, 2, 3]);
  });

  it('stops at the first record once the consumer is stopping and leaves the rest for redelivery', async () => {
    const onBatch = await listeningTransport({ ORDER_CREATED: async () => undefined });
    const marked: string[] = [];
    let running = true;

    await onBatch(
      { topic: 'order', partition: 0, records: [orderCreatedRecord(0), orderCreatedRecord(1)] },
      {
        markProcessed: (record) => {
          marked.push(record.offset);
          running = false;
        },
        heartbeat: async () => undefined,
        shouldContinue: () => running,
      },
    );

    expect(marked).toEqual(['0']);
  });
});
