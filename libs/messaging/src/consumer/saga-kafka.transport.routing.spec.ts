import { createEvent, EventHeader, SagaEvent } from '@saga/events';
import { ConsumedRecord, OutgoingRecord } from '../kafka/message-bus.port';
import { BatchRunner } from './saga-kafka.transport';
import { consumedRecord, listeningTransport, OnBatch } from './__fixtures__/listening-transport';

const ids = { transactionId: '7d3c6a52-8a4e-4b7a-9f55-0c1f3e2b9a10', orderId: '1b9e0c8e-5d0f-4c64-8a0b-3f1c2e4d5a60' };
const cancel = () => createEvent('ORDER_CANCEL', { ...ids, payload: { reason: 'CUSTOMER_CANCELLED' } });

/** A record claiming `type` in its header whose value is not an event at all. */
function brokenRecord(offset: number, headers: Record<string, string>): ConsumedRecord {
  return { ...consumedRecord(cancel(), offset, 0, headers), value: Buffer.from('{"half a record') };
}

const applyAll: BatchRunner = {
  async runBatch(events, dispatch) {
    for (const event of events) await dispatch(event);
  },
};

async function consume(onBatch: OnBatch, records: ConsumedRecord[]): Promise<string[]> {
  const marked: string[] = [];
  await onBatch(
    { topic: 'order', partition: 0, records },
    { markProcessed: (r) => marked.push(r.offset), heartbeat: async () => undefined, shouldContinue: () => true },
  );
  return marked;
}

describe.each([
  ['one record at a time', {}],
  ['in transaction batches', { transactionBatches: { runner: applyAll, maxRecords: 10 } }],
])('SagaKafkaTransport routing by event-type header, %s', (_name, options) => {
  let handled: string[];
  let published: OutgoingRecord[];
  let onBatch: OnBatch;

  beforeEach(async () => {
    handled = [];
    published = [];
    const handler = async (event: SagaEvent) => void handled.push(event.type);
    onBatch = await listeningTransport({ ORDER_CANCEL: handler }, options, published);
  });

  it('passes over, unread, a record whose header names an event type it has no handler for', async () => {
    const notOurs = brokenRecord(0, { [EventHeader.eventType]: 'ORDER_CREATED' });
    const ours = consumedRecord(cancel(), 1, 0, { [EventHeader.eventType]: 'ORDER_CANCEL' });

    const marked = await consume(onBatch, [notOurs, ours]);

    expect(marked).toEqual(['0', '1']);
    expect(handled).toEqual(['ORDER_CANCEL']);
    expect(published).toEqual([]);
  });

  it('still judges a record without the header, or naming a type the catalogue does not know', async () => {
    const unnamed = brokenRecord(0, {});
    const unknown = brokenRecord(1, { [EventHeader.eventType]: 'ORDER_TELEPORTED' });

    const marked = await consume(onBatch, [unnamed, unknown]);

    expect(marked).toEqual(['0', '1']);
    expect(published.map((record) => [record.topic, record.headers?.['dlt-reason']])).toEqual([
      ['order.DLT', 'NOT_JSON'],
      ['order.DLT', 'NOT_JSON'],
    ]);
  });
});
