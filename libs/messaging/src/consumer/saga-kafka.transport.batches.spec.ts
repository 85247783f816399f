import { createEvent, SagaEvent } from '@saga/events';
import { ConsumedRecord } from '../kafka/message-bus.port';
import { BatchRunner } from './saga-kafka.transport';
import { consumedRecord, listeningTransport as listening, OnBatch } from './__fixtures__/listening-transport';

function record(offset: number, type: 'ORDER_CREATED' | 'ORDER_CONFIRMED', partition = 0): ConsumedRecord {
  const ids = { transactionId: '7d3c6a52-8a4e-4b7a-9f55-0c1f3e2b9a10', orderId: '1b9e0c8e-5d0f-4c64-8a0b-3f1c2e4d5a60' };
  const event =
    type === 'ORDER_CREATED'
      ? createEvent(type, { ...ids, payload: { customerId: 'alice', items: [{ sku: 'MOUSE-01', quantity: 1 }] } })
      : createEvent(type, { ...ids, payload: { customerId: 'alice', totalCents: 2500 } });
  return consumedRecord(event, offset, partition);
}

/** A runner that applies the batch by dispatching each event, or fails the whole batch when told to. */
class FakeBatchRunner implements BatchRunner {
  batches: string[][] = [];
  failNext = false;
  async runBatch(events: SagaEvent[], dispatch: (event: SagaEvent) => Promise<void>): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('deadlock detected');
    }
    this.batches.push(events.map((e) => e.type));
    for (const event of events) await dispatch(event);
  }
}

/** Both event types handled (recorded in `handled`), batches of up to 10, ORDER_CONFIRMED applied record by record. */
function listeningTransport(runner: BatchRunner, handled: string[]): Promise<OnBatch> {
  const handler = async (event: SagaEvent) => void handled.push(event.type);
  return listening(
    { ORDER_CREATED: handler, ORDER_CONFIRMED: handler },
    { transactionBatches: { runner, maxRecords: 10, perRecord: ['ORDER_CONFIRMED'] } },
  );
}

async function consume(onBatch: OnBatch, records: ConsumedRecord[], shouldContinue = () => true): Promise<string[]> {
  const marked: string[] = [];
  await onBatch(
    { topic: 'order', partition: records[0].partition, records },
    { markProcessed: (r) => marked.push(`${r.partition}:${r.offset}`), heartbeat: async () => undefined, shouldContinue },
  );
  return marked;
}

describe('SagaKafkaTransport with transaction batches', () => {
  it('hands a fetched batch to the runner as one batch and marks every record once it committed', async () => {
    const runner = new FakeBatchRunner();
    const handled: string[] = [];
    const onBatch = await listeningTransport(runner, handled);

    const marked = await consume(onBatch, [record(0, 'ORDER_CREATED'), record(1, 'ORDER_CREATED'), record(2, 'ORDER_CREATED')]);

    expect(runner.batches).toEqual([['ORDER_CREATED', 'ORDER_CREATED', 'ORDER_CREATED']]);
    expect(handled).toHaveLength(3);
    expect(marked).toEqual(['0:0', '0:1', '0:2']);
  });

  it('applies a batch holding a per-record event type one record at a time, outside any batch', async () => {
    const runner = new FakeBatchRunner();
    const handled: string[] = [];
    const onBatch = await listeningTransport(runner, handled);

    const marked = await consume(onBatch, [record(0, 'ORDER_CREATED'), record(1, 'ORDER_CONFIRMED')]);

    expect(runner.batches).toEqual([]);
    expect(handled).toEqual(['ORDER_CREATED', 'ORDER_CONFIRMED']);
    expect(marked).toEqual(['0:0', '0:1']);
  });

  it('applies the records one by one when the batch transaction fails', async () => {
    const runner = new FakeBatchRunner();
    runner.failNext = true;
    const handled: string[] = [];
    const onBatch = await listeningTransport(runner, handled);

    const marked = await consume(onBatch, [record(0, 'ORDER_CREATED'), record(1, 'ORDER_CREATED')]);

    expect(runner.batches).toEqual([]);
    expect(handled).toEqual(['ORDER_CREATED', 'ORDER_CREATED']);
    expect(marked).toEqual(['0:0', '0:1']);
  });

  it('applies the partition batches of one fetch, handed over together, in one transaction', async () => {
    const runner = new FakeBatchRunner();
    const handled: string[] = [];
    const onBatch = await listeningTransport(runner, handled);

    const [first, second] = await Promise.all([
      consume(onBatch, [record(0, 'ORDER_CREATED', 0), record(1, 'ORDER_CREATED', 0)]),
      consume(onBatch, [record(7, 'ORDER_CREATED', 3)]),
    ]);

    expect(runner.batches).toEqual([['ORDER_CREATED', 'ORDER_CREATED', 'ORDER_CREATED']]);
    expect(first).toEqual(['0:0', '0:1']);
    expect(second).toEqual(['3:7']);
  });

  it('never runs two batch transactions at once: a batch handed over during one waits for it', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const runner: BatchRunner = {
      async runBatch(events, dispatch) {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 20));
        for (const event of events) await dispatch(event);
        inFlight--;
      },
    };
    const onBatch = await listeningTransport(runner, []);
    const first = consume(onBatch, [record(0, 'ORDER_CREATED', 0), record(1, 'ORDER_CREATED', 0)]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = consume(onBatch, [record(0, 'ORDER_CREATED', 1), record(1, 'ORDER_CREATED', 1)]);

    expect(await Promise.all([first, second])).toEqual([['0:0', '0:1'], ['1:0', '1:1']]);
    expect(maxInFlight).toBe(1);
  });

  it('leaves a revoked partition of the group for redelivery and applies the others', async () => {
    const runner = new FakeBatchRunner();
    const handled: string[] = [];
    const onBatch = await listeningTransport(runner, handled);

    const [kept, revoked] = await Promise.all([
      consume(onBatch, [record(0, 'ORDER_CREATED', 0), record(1, 'ORDER_CREATED', 0)]),
      consume(onBatch, [record(5, 'ORDER_CREATED', 2)], () => false),
    ]);

    expect(kept).toEqual(['0:0', '0:1']);
    expect(revoked).toEqual([]);
    expect(handled).toHaveLength(2);
  });
});
