import { ManualClock } from '../clock';
import { ErrorCode } from '../errors';
import { FetchRequest, FetchResponse } from '../protocol/messages/fetch';
import { buildRecordBatch, decodeRecordBatches } from '../protocol/record-batch-builder';
import { DataPathContext, dataPathContext } from './__fixtures__/data-path-context';
import { fetchHandler } from './fetch.handler';

interface Wanted {
  topic: string;
  partition: number;
  fetchOffset: number;
  partitionMaxBytes?: number;
}

function fetchRequest(wanted: Wanted[], options: { maxWaitMs?: number; minBytes?: number; maxBytes?: number } = {}): FetchRequest {
  const topics = [...new Set(wanted.map((w) => w.topic))];
  return {
    replicaId: -1,
    maxWaitMs: options.maxWaitMs ?? 0,
    minBytes: options.minBytes ?? 1,
    maxBytes: options.maxBytes ?? 10_000_000,
    isolationLevel: 1,
    sessionId: 0,
    sessionEpoch: -1,
    topics: topics.map((topic) => ({
      topic,
      partitions: wanted
        .filter((w) => w.topic === topic)
        .map((w) => ({ partition: w.partition, currentLeaderEpoch: -1, fetchOffset: w.fetchOffset, logStartOffset: -1, partitionMaxBytes: w.partitionMaxBytes ?? 1_000_000 })),
    })),
    forgottenTopicsData: [],
    rackId: '',
  };
}

const batchOf = (...values: string[]) => buildRecordBatch({ records: values.map((value) => ({ value })) });
const values = (records: Buffer | null) => decodeRecordBatches(records ?? Buffer.alloc(0)).flatMap((b) => b.records.map((r) => `${r.offset}:${r.value}`));

async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(() => (settled = true));
  await new Promise((resolve) => setImmediate(resolve));
  return settled;
}

describe('fetch handler', () => {
  let context: DataPathContext;
  let clock: ManualClock;
  const fetch = (request: FetchRequest) => Promise.resolve(fetchHandler.handle(request, context.ctx) as FetchResponse | Promise<FetchResponse>);
  const append = (topic: string, partition: number, ...vals: string[]) => context.topics.partition(topic, partition)!.append(batchOf(...vals));

  beforeEach(() => {
    clock = new ManualClock();
    context = dataPathContext({ clock, apiKey: 1, apiVersion: 11 });
    context.topics.create('t', 2);
  });

  afterEach(() => context.close());

  it('answers at once with the whole batch holding the fetch offset when data is there', async () => {
    append('t', 0, 'a', 'b');
    append('t', 0, 'c');
    const response = await fetch(fetchRequest([{ topic: 't', partition: 0, fetchOffset: 1 }], { maxWaitMs: 60_000 }));
    expect(response.sessionId).toBe(0);
    expect(response.errorCode).toBe(0);
    const [partition] = response.responses[0].partitions;
    expect(values(partition.records)).toEqual(['0:a', '1:b', '2:c']);
    expect(partition).toMatchObject({
      partitionIndex: 0,
      errorCode: 0,
      highWatermark: 3,
      lastStableOffset: 3,
      logStartOffset: 0,
      abortedTransactions: [],
      preferredReadReplica: -1,
    });
  });

  it('waits, then answers as soon as a record is appended to a requested partition', async () => {
    const pending = fetch(fetchRequest([{ topic: 't', partition: 1, fetchOffset: 0 }], { maxWaitMs: 60_000 }));
    expect(await isSettled(pending)).toBe(false);
    append('t', 1, 'woken');
    // The manual clock never moved: only the append can have completed the fetch.
    expect(values((await pending).responses[0].partitions[0].records)).toEqual(['0:woken']);
  });

  it('keeps waiting when appends go to partitions it did not ask for', async () => {
    const pending = fetch(fetchRequest([{ topic: 't', partition: 0, fetchOffset: 0 }], { maxWaitMs: 500 }));
    append('t', 1, 'elsewhere');
    expect(await isSettled(pending)).toBe(false);
    clock.advance(500);
    const [partition] = (await pending).responses[0].partitions;
    expect(partition.records?.length).toBe(0);
    expect(partition.highWatermark).toBe(0);
  });

  it('answers empty after exactly max_wait_ms when nothing arrives', async () => {
    const pending = fetch(fetchRequest([{ topic: 't', partition: 0, fetchOffset: 0 }], { maxWaitMs: 100 }));
    clock.advance(99);
    expect(await isSettled(pending)).toBe(false);
    clock.advance(1);
    expect(await isSettled(pending)).toBe(true);
    expect((await pending).responses[0].partitions[0].records?.length).toBe(0);
  });

  it('waits for min_bytes, then answers with what it has when max_wait_ms passes', async () => {
    const pending = fetch(fetchRequest([{ topic: 't', partition: 0, fetchOffset: 0 }], { maxWaitMs: 200, minBytes: 10_000 }));
    append('t', 0, 'small');
    expect(await isSettled(pending)).toBe(false);
    clock.advance(200);
    expect(values((await pending).responses[0].partitions[0].records)).toEqual(['0:small']);
  });

  it('adds up min_bytes across partitions as appends arrive, and answers on the append that reaches it', async () => {
    const oneBatch = batchOf('x').length;
    const wanted = [0, 1].map((partition) => ({ topic: 't', partition, fetchOffset: 0 }));
    const pending = fetch(fetchRequest(wanted, { maxWaitMs: 60_000, minBytes: oneBatch + 1 }));
    append('t', 0, 'x');
    expect(await isSettled(pending)).toBe(false);
    append('t', 1, 'y');
    expect((await pending).responses[0].partitions.map((p) => values(p.records))).toEqual([['0:x'], ['0:y']]);
  });

  it('answers at once with OFFSET_OUT_OF_RANGE or UNKNOWN_TOPIC_OR_PARTITION', async () => {
    append('t', 0, 'a');
    const response = await fetch(
      fetchRequest(
        [
          { topic: 't', partition: 0, fetchOffset: 5 },
          { topic: 'missing', partition: 0, fetchOffset: 0 },
        ],
        { maxWaitMs: 60_000 },
      ),
    );
    expect(response.responses.map((t) => t.partitions[0].errorCode)).toEqual([ErrorCode.OFFSET_OUT_OF_RANGE, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]);
    expect(response.responses[0].partitions[0].highWatermark).toBe(1);
    expect(response.responses[1].partitions[0].highWatermark).toBe(-1);
  });

  it('wakes with UNKNOWN_TOPIC_OR_PARTITION when the topic is deleted while waiting', async () => {
    const pending = fetch(fetchRequest([{ topic: 't', partition: 0, fetchOffset: 0 }], { maxWaitMs: 60_000 }));
    context.topics.delete('t');
    expect((await pending).responses[0].partitions[0].errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  });

  it('returns the first batch above the limits, then only whole batches that fit', async () => {
    append('t', 0, 'x'.repeat(500));
    append('t', 0, 'y');
    append('t', 1, 'z'.repeat(300));
    const request = fetchRequest(
      [
        { topic: 't', partition: 0, fetchOffset: 0, partitionMaxBytes: 100 },
        { topic: 't', partition: 1, fetchOffset: 0, partitionMaxBytes: 1000 },
      ],
      { maxBytes: 700 },
    );
    const [first, second] = (await fetch(request)).responses[0].partitions;
    expect(values(first.records)).toEqual([`0:${'x'.repeat(500)}`]);
    // ~560 bytes used of 700: partition 1's ~360-byte batch no longer fits and is left for the next fetch.
    expect(second.records?.length).toBe(0);
    expect(second.highWatermark).toBe(1);
  });
});

describe('fetch handler with the system clock', () => {
  let context: DataPathContext;

  beforeEach(() => {
    context = dataPathContext({ apiKey: 1, apiVersion: 11 });
    context.topics.create('t', 1);
  });

  afterEach(() => context.close());

  it('honours a short max_wait_ms in real time when nothing arrives', async () => {
    const started = Date.now();
    const response = (await fetchHandler.handle(fetchRequest([{ topic: 't', partition: 0, fetchOffset: 0 }], { maxWaitMs: 30 }), context.ctx)) as FetchResponse;
    expect(Date.now() - started).toBeGreaterThanOrEqual(29);
    expect(response.responses[0].partitions[0].records?.length).toBe(0);
  });

  it('answers a long poll once a record arrives in real time', async () => {
    const pending = Promise.resolve(fetchHandler.handle(fetchRequest([{ topic: 't', partition: 0, fetchOffset: 0 }], { maxWaitMs: 20_000 }), context.ctx));
    setTimeout(() => context.topics.partition('t', 0)!.append(batchOf('late')), 20);
    const response = (await pending) as FetchResponse;
    expect(values(response.responses[0].partitions[0].records)).toEqual(['0:late']);
  });
});
