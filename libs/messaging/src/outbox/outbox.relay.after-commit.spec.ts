import { DataSource } from 'typeorm';
import pino from 'pino';
import { createEvent, SagaEvent } from '@saga/events';
import { eventually } from '@saga/testing';
import { outboxAppend, outboxRowsOf } from './outbox.writer';
import { OutboxRelay } from './outbox.relay';
import { TransactionRunner } from '../transaction-runner';
import { publishedEventIds, RecordingBus } from '../kafka/__fixtures__/recording-bus';
import { MessagingDatabase, openMessagingDatabase } from './__fixtures__/messaging-database';

const LOCK_KEY = 11;

function orderCancel(): SagaEvent {
  return createEvent('ORDER_CANCEL', {
    transactionId: '7d3c6a52-8a4e-4b7a-9f55-0c1f3e2b9a10',
    orderId: '1b9e0c8e-5d0f-4c64-8a0b-3f1c2e4d5a60',
    payload: { reason: 'TIMEOUT' },
  });
}

describe('OutboxRelay publishing after commit', () => {
  let database: MessagingDatabase;
  let dataSource: DataSource;
  let bus: RecordingBus;
  let relay: OutboxRelay;
  let runner: TransactionRunner;
  let logged: { level: number; msg: string }[];
  const warnings = () => logged.filter((line) => line.level >= 40).map((line) => line.msg);

  beforeAll(async () => {
    database = await openMessagingDatabase('outbox_after_commit');
    dataSource = database.dataSource;
  });

  afterAll(() => database.drop());

  beforeEach(async () => {
    await dataSource.query('TRUNCATE outbox_message');
    bus = new RecordingBus();
    logged = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void logged.push(JSON.parse(line)) });
    relay = new OutboxRelay(dataSource, bus, logger, {
      batchSize: 10,
      pollIntervalMs: 20,
      lockKey: LOCK_KEY,
      publishAfterCommit: { staleAfterMs: 60_000 },
    });
    runner = new TransactionRunner(dataSource, relay, { consumer: 'test' });
  });

  afterEach(() => relay.stop());

  const outboxIds = async (): Promise<string[]> =>
    (await dataSource.query('SELECT event_id FROM outbox_message ORDER BY id')).map((row: { event_id: string }) => row.event_id);

  /** A row committed by another process (one that died before publishing it), `ageSeconds` old. */
  async function leftByAnotherProcess(event: SagaEvent, ageSeconds = 0): Promise<void> {
    const append = outboxAppend(outboxRowsOf([event]))!;
    await dataSource.query(append.sql, append.params);
    await dataSource.query(`UPDATE outbox_message SET created_at = now() - make_interval(secs => $2) WHERE event_id = $1`, [event.eventId, ageSeconds]);
  }

  /** Runs `work` while another relay holds the outbox's lock: a read of the table publishes nothing meanwhile. */
  async function whileAnotherRelayHoldsTheOutbox(work: () => Promise<void>): Promise<void> {
    const other = dataSource.createQueryRunner();
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
      await work();
    } finally {
      await other.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
      await other.release();
    }
  }

  /** Started, and past its first read of the table: from here on its own commits go out from memory. */
  async function startedOnEmptyOutbox(): Promise<void> {
    relay.start();
    await eventually(() => logged.some((line) => /publishing commits from memory/.test(line.msg)));
  }

  it('publishes a commit from memory, without reading the table, then deletes its row', async () => {
    await startedOnEmptyOutbox();
    await whileAnotherRelayHoldsTheOutbox(async () => {
      const event = orderCancel();
      await runner.run(async (_m, emit) => emit(event));
      await eventually(() => publishedEventIds(bus).includes(event.eventId));
      await eventually(async () => (await outboxIds()).length === 0);
      expect(bus.published[0]).toMatchObject({ topic: 'order', key: event.orderId, headers: { 'event-type': 'ORDER_CANCEL' } });
    });
  });

  it('publishes what the table held at start before the first commit it publishes from memory', async () => {
    const left = [orderCancel(), orderCancel()];
    for (const event of left) await leftByAnotherProcess(event);
    relay.start();
    const committed = orderCancel();
    await runner.run(async (_m, emit) => emit(committed));
    await eventually(() => publishedEventIds(bus).length === 3);
    expect(publishedEventIds(bus)).toEqual([...left, committed].map((e) => e.eventId));
    await eventually(async () => (await outboxIds()).length === 0);
  });

  it('after a failed publish, keeps the rows and publishes them from the table, in commit order, before going back to memory', async () => {
    await startedOnEmptyOutbox();
    bus.failNext = 1;
    const failed = orderCancel();
    await runner.run(async (_m, emit) => emit(failed));
    await eventually(() => bus.failNext === 0);
    const next = orderCancel();
    await runner.run(async (_m, emit) => emit(next));
    await eventually(() => publishedEventIds(bus).length === 2);
    expect(publishedEventIds(bus)).toEqual([failed.eventId, next.eventId]);
    await eventually(async () => (await outboxIds()).length === 0);
  });

  it("sweeps another process's rows once they are older than staleAfterMs, and leaves younger ones to it", async () => {
    await startedOnEmptyOutbox();
    const stale = orderCancel();
    const young = orderCancel();
    await leftByAnotherProcess(young, 0);
    await leftByAnotherProcess(stale, 120);
    await eventually(() => publishedEventIds(bus).includes(stale.eventId));
    // Both rows were read by the same sweep: the young one is still its own process's to publish.
    expect(publishedEventIds(bus)).toEqual([stale.eventId]);
    expect(await outboxIds()).toEqual([young.eventId]);
    expect(warnings()).toEqual([expect.stringMatching(/nobody had published: a process died/)]);
  });

  it('does not publish from memory while another relay holds the table: its commits wait there in order', async () => {
    const events = [orderCancel(), orderCancel()];
    await whileAnotherRelayHoldsTheOutbox(async () => {
      relay.start();
      for (const event of events) await runner.run(async (_m, emit) => emit(event));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(bus.published).toEqual([]);
    });
    await eventually(() => publishedEventIds(bus).length === 2);
    expect(publishedEventIds(bus)).toEqual(events.map((e) => e.eventId));
  });

  it('stops holding its commits in memory when more than ten batches wait for the broker, and reads them back from the table', async () => {
    await startedOnEmptyOutbox();
    let releaseBroker!: () => void;
    const brokerBack = new Promise<void>((resolve) => (releaseBroker = resolve));
    const publish = bus.publish.bind(bus);
    bus.publish = async (records) => {
      await brokerBack;
      await publish(records);
    };
    const inFlight = orderCancel();
    await runner.run(async (_m, emit) => emit(inFlight));
    // Ten batches of 10 (batchSize) and one record more.
    const waiting = Array.from({ length: 10 * 10 + 1 }, orderCancel);
    for (const event of waiting) await runner.run(async (_m, emit) => emit(event));
    // Held by another relay, the table gives nothing: whatever is published now came from memory.
    await whileAnotherRelayHoldsTheOutbox(async () => {
      releaseBroker();
      await eventually(() => publishedEventIds(bus).includes(inFlight.eventId));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(publishedEventIds(bus)).toEqual([inFlight.eventId]);
    });
    await eventually(() => publishedEventIds(bus).includes(waiting[waiting.length - 1].eventId));
    expect([...new Set(publishedEventIds(bus))]).toEqual([inFlight, ...waiting].map((e) => e.eventId));
    expect(warnings()).toContainEqual(expect.stringMatching(/broker is slower than the commits/));
    await eventually(async () => (await outboxIds()).length === 0);
  });
});
