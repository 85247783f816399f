import { DataSource } from 'typeorm';
import { createEvent, SagaEvent } from '@saga/events';
import { eventually } from '@saga/testing';
import pino from 'pino';
import { OutboxRelay } from './outbox/outbox.relay';
import { TransactionRunner } from './transaction-runner';
import { MessagingDatabase, openMessagingDatabase } from './outbox/__fixtures__/messaging-database';
import { unitOfWork } from './unit-of-work';
import { publishedEventIds, RecordingBus } from './kafka/__fixtures__/recording-bus';

class LockedRowVanished extends Error {}

const TX = '7d3c6a52-8a4e-4b7a-9f55-0c1f3e2b9a10';
const ORDER = '1b9e0c8e-5d0f-4c64-8a0b-3f1c2e4d5a60';

function orderCancel(): SagaEvent {
  return createEvent('ORDER_CANCEL', { transactionId: TX, orderId: ORDER, payload: { reason: 'TIMEOUT' } });
}

describe('TransactionRunner with the outbox relay', () => {
  let database: MessagingDatabase;
  let dataSource: DataSource;
  let bus: RecordingBus;
  let relay: OutboxRelay;
  let runner: TransactionRunner;

  beforeAll(async () => {
    database = await openMessagingDatabase('messaging');
    dataSource = database.dataSource;
    await dataSource.query('CREATE TABLE effect (n int)');
  });

  afterAll(() => database.drop());

  beforeEach(async () => {
    await dataSource.query('TRUNCATE effect, outbox_message, processed_message');
    bus = new RecordingBus();
    relay = new OutboxRelay(dataSource, bus, pino({ level: 'silent' }), { batchSize: 2, pollIntervalMs: 1000, lockKey: 1 });
    runner = new TransactionRunner(dataSource, relay, { consumer: 'test' });
  });

  it('applies a redelivered event once', async () => {
    const incoming = orderCancel();
    const work = async (manager: import('typeorm').EntityManager, emit: (e: SagaEvent) => void) => {
      await manager.query('INSERT INTO effect VALUES (1)');
      emit(orderCancel());
    };
    expect(await runner.runOnce(incoming, work)).toBe(true);
    expect(await runner.runOnce(incoming, work)).toBe(false);
    expect(await dataSource.query('SELECT count(*)::int AS n FROM effect')).toEqual([{ n: 1 }]);
    expect(await dataSource.query('SELECT count(*)::int AS n FROM outbox_message')).toEqual([{ n: 1 }]);
  });

  it('leaves neither effect nor outbox row when the work fails', async () => {
    await expect(
      runner.run(async (manager, emit) => {
        await manager.query('INSERT INTO effect VALUES (1)');
        emit(orderCancel());
        throw new Error('domain rule broken');
      }),
    ).rejects.toThrow('domain rule broken');
    expect(await dataSource.query('SELECT count(*)::int AS n FROM effect')).toEqual([{ n: 0 }]);
    expect(await dataSource.query('SELECT count(*)::int AS n FROM outbox_message')).toEqual([{ n: 0 }]);
  });

  it('publishes committed events in commit order, in batches, and empties the outbox', async () => {
    const events = [orderCancel(), orderCancel(), orderCancel()];
    for (const event of events) await runner.run(async (_m, emit) => emit(event));
    expect(await relay.drain()).toBe(3);
    expect(publishedEventIds(bus)).toEqual(events.map((e) => e.eventId));
    expect(bus.published[0]).toMatchObject({ topic: 'order', key: ORDER, headers: { 'event-type': 'ORDER_CANCEL' } });
    expect(await dataSource.query('SELECT count(*)::int AS n FROM outbox_message')).toEqual([{ n: 0 }]);
  });

  it('runs afterCommit callbacks once the transaction committed, and never for a rolled-back attempt', async () => {
    const counted: string[] = [];
    await expect(
      runner.run(async (manager) => {
        runner.afterCommit(manager, () => counted.push('failed attempt'));
        throw new Error('serialization failure');
      }),
    ).rejects.toThrow('serialization failure');
    await runner.run(async (manager) => {
      runner.afterCommit(manager, () => counted.push('committed'));
      expect(counted).toEqual([]);
    });
    await runner.runOnce(orderCancel(), async (manager) => runner.afterCommit(manager, () => counted.push('reaction')));
    expect(counted).toEqual(['committed', 'reaction']);
  });

  it('refuses afterCommit for a transaction it did not open', async () => {
    await dataSource.transaction(async (manager) => {
      expect(() => runner.afterCommit(manager, () => undefined)).toThrow(/opened by this TransactionRunner/);
    });
  });

  it('reports each redelivery the inbox absorbed, not the first delivery', async () => {
    const duplicates: string[] = [];
    runner = new TransactionRunner(dataSource, relay, { consumer: 'test', onDuplicate: (event) => duplicates.push(event.eventId) });
    const incoming = orderCancel();
    for (let i = 0; i < 3; i++) await runner.runOnce(incoming, async () => undefined);
    expect(duplicates).toEqual([incoming.eventId, incoming.eventId]);
  });

  const effects = async () => (await dataSource.query('SELECT n FROM effect ORDER BY n')).map((row: { n: number }) => row.n);

  describe('unit of work', () => {
    /** A repository that defers its inserts to one statement before the commit, as the services' do. */
    function deferInsert(manager: import('typeorm').EntityManager, n: number): void {
      const pending = unitOfWork(manager).stateOf(deferInsert, () => {
        const values: number[] = [];
        unitOfWork(manager).beforeCommitStatement(() => ({ sql: 'INSERT INTO effect SELECT unnest($1::int[])', params: [values] }));
        return values;
      });
      pending.push(n);
    }

    it('flushes deferred writes inside the transaction, before it commits, in one statement', async () => {
      await runner.run(async (manager) => {
        deferInsert(manager, 1);
        deferInsert(manager, 2);
        expect(await effects()).toEqual([]);
      });
      expect(await effects()).toEqual([1, 2]);
    });

    it('keeps nothing and throws when writes whose answer COMMIT did not wait for fail', async () => {
      await dataSource.query('ALTER TABLE effect ADD CONSTRAINT effect_small CHECK (n < 10)');
      try {
        await expect(
          runner.run(async (manager, emit) => {
            unitOfWork(manager).beforeCommitStatement(() => ({ sql: 'INSERT INTO effect VALUES ($1)', params: [99] }));
            emit(orderCancel());
          }),
        ).rejects.toThrow(/effect_small/);
        expect(await effects()).toEqual([]);
        expect(await dataSource.query('SELECT count(*)::int AS rows FROM outbox_message')).toEqual([{ rows: 0 }]);
        await relay.drain();
        expect(bus.published).toEqual([]);
      } finally {
        await dataSource.query('ALTER TABLE effect DROP CONSTRAINT effect_small');
      }
    });

    it("keeps nothing and throws the write's own error when it writes another number of rows than it expects", async () => {
      await dataSource.query('INSERT INTO effect VALUES (1)');
      const raise = (n: number) => ({
        sql: 'UPDATE effect SET n = n + 10 WHERE n = $1 RETURNING n',
        params: [n],
        expect: { rows: 1, mismatch: (written: number) => new LockedRowVanished(`effect ${n}: ${written} rows written`) },
      });
      await expect(
        runner.run(async (manager, emit) => {
          unitOfWork(manager).beforeCommitStatement(() => raise(1));
          unitOfWork(manager).beforeCommitStatement(() => raise(2));
          emit(orderCancel());
        }),
      ).rejects.toEqual(new LockedRowVanished('effect 2: 0 rows written'));
      expect(await effects()).toEqual([1]);
      expect(await dataSource.query('SELECT count(*)::int AS rows FROM outbox_message')).toEqual([{ rows: 0 }]);
      await relay.drain();
      expect(bus.published).toEqual([]);

      await runner.run(async (manager) => unitOfWork(manager).beforeCommitStatement(() => raise(1)));
      expect(await effects()).toEqual([11]);
    });

    it('writes nothing of a batch whose deferred write fails, inbox claims included', async () => {
      await dataSource.query('ALTER TABLE effect ADD CONSTRAINT effect_small CHECK (n < 10)');
      try {
        const events = [orderCancel(), orderCancel()];
        await expect(
          runner.runBatch(events, (event) => runner.runOnce(event, async (manager) => deferInsert(manager, event === events[0] ? 1 : 99)).then(() => undefined)),
        ).rejects.toThrow(/effect_small/);
        expect(await effects()).toEqual([]);
        expect(await runner.runOnce(events[0], async (manager) => deferInsert(manager, 1))).toBe(true);
      } finally {
        await dataSource.query('ALTER TABLE effect DROP CONSTRAINT effect_small');
      }
    });

    it('hands a batch its new events, once each, to prepare before any handler runs', async () => {
      const seen = orderCancel();
      await runner.runOnce(seen, async () => undefined);
      const fresh = orderCancel();
      const steps: string[] = [];
      await runner.runBatch(
        [seen, fresh, fresh],
        async (event) => void steps.push(`dispatch ${event === fresh ? 'fresh' : 'seen'}`),
        async (_manager, events) => void steps.push(`prepare ${events.map((e) => (e === fresh ? 'fresh' : 'seen')).join(',')}`),
      );
      expect(steps[0]).toBe('prepare fresh');
    });

    it('refuses a manager no runner opened: its deferred writes would never be flushed', async () => {
      await dataSource.transaction(async (manager) => {
        expect(() => unitOfWork(manager)).toThrow(/opened by a TransactionRunner/);
      });
    });
  });

  describe('runBatch', () => {
    const insertEffect = (n: number) => async (manager: import('typeorm').EntityManager, emit: (e: SagaEvent) => void) => {
      await manager.query('INSERT INTO effect VALUES ($1)', [n]);
      emit(orderCancel());
    };
    const outboxRows = async () => (await dataSource.query('SELECT count(*)::int AS n FROM outbox_message'))[0].n;

    it('applies every new event of a batch once, in order, with their outbox rows, skipping those seen before', async () => {
      const seen = orderCancel();
      await runner.runOnce(seen, insertEffect(0));
      const fresh = [orderCancel(), orderCancel()];
      const applied: boolean[] = [];
      await runner.runBatch([fresh[0], seen, fresh[1]], async (event) => {
        applied.push(await runner.runOnce(event, insertEffect(fresh.indexOf(event) + 1)));
      });
      expect(applied).toEqual([true, true]);
      expect(await effects()).toEqual([0, 1, 2]);
      expect(await outboxRows()).toBe(3);
    });

    it('applies an event whose id arrived in upper case (PostgreSQL answers uuids in lower case)', async () => {
      const event = { ...orderCancel(), eventId: orderCancel().eventId.toUpperCase() };
      const applied: boolean[] = [];
      await runner.runBatch([event, orderCancel()], async (e) => {
        applied.push(await runner.runOnce(e, insertEffect(1)));
      });
      expect(applied).toEqual([true, true]);
    });

    it('applies an event repeated inside one batch once', async () => {
      const event = orderCancel();
      const applied: boolean[] = [];
      await runner.runBatch([event, event], async (e) => {
        applied.push(await runner.runOnce(e, insertEffect(1)));
      });
      expect(applied).toEqual([true]);
      expect(await effects()).toEqual([1]);
    });

    it('rolls the whole batch back, inbox claims included, when one handler fails', async () => {
      const events = [orderCancel(), orderCancel()];
      const counted: string[] = [];
      await expect(
        runner.runBatch(events, async (event) => {
          await runner.runOnce(event, async (manager, emit) => {
            runner.afterCommit(manager, () => counted.push(event.eventId));
            await insertEffect(1)(manager, emit);
            if (event === events[1]) throw new Error('second handler failed');
          });
        }),
      ).rejects.toThrow('second handler failed');
      expect(await effects()).toEqual([]);
      expect(await outboxRows()).toBe(0);
      expect(counted).toEqual([]);
      // Nothing was claimed: applied one by one afterwards, each event still takes effect.
      expect(await runner.runOnce(events[0], insertEffect(1))).toBe(true);
    });

    it('runs afterCommit callbacks and reports duplicates only once the batch committed', async () => {
      const duplicates: string[] = [];
      runner = new TransactionRunner(dataSource, relay, { consumer: 'test', onDuplicate: (event) => duplicates.push(event.eventId) });
      const seen = orderCancel();
      await runner.runOnce(seen, async () => undefined);
      const counted: string[] = [];
      const fresh = orderCancel();
      await runner.runBatch([seen, fresh], async (event) => {
        await runner.runOnce(event, async (manager) => runner.afterCommit(manager, () => counted.push('committed')));
        expect(counted).toEqual([]);
      });
      expect(counted).toEqual(['committed']);
      expect(duplicates).toEqual([seen.eventId]);
    });

    it('publishes what a batch emitted in the order it was emitted', async () => {
      const emitted = [orderCancel(), orderCancel(), orderCancel()];
      await runner.runBatch([orderCancel(), orderCancel(), orderCancel()], async (event) => {
        await runner.runOnce(event, async (_m, emit) => emit(emitted.shift()!));
      });
      const expected = (await dataSource.query('SELECT event_id FROM outbox_message ORDER BY id')).map((r: { event_id: string }) => r.event_id);
      await relay.drain();
      expect(publishedEventIds(bus)).toEqual(expected);
      expect(expected).toHaveLength(3);
    });
  });

  it('publishes nothing while another relay holds the outbox lock, and everything once it is free', async () => {
    await runner.run(async (_m, emit) => emit(orderCancel()));
    const other = dataSource.createQueryRunner();
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock($1)', [1]);
      expect(await relay.drain()).toBe(0);
      expect(bus.published).toHaveLength(0);
      await other.query('SELECT pg_advisory_unlock($1)', [1]);
      expect(await relay.drain()).toBe(1);
    } finally {
      await other.release();
    }
  });

  it('lingers after a publish, so what commits meanwhile goes out together in the next request', async () => {
    const lingering = new OutboxRelay(dataSource, bus, pino({ level: 'silent' }), { batchSize: 10, pollIntervalMs: 60_000, lockKey: 1, lingerMs: 400 });
    runner = new TransactionRunner(dataSource, lingering, { consumer: 'test' });
    const requests = bus.requests;
    lingering.start();
    try {
      await runner.run(async (_m, emit) => emit(orderCancel()));
      await eventually(() => requests.length === 1);
      await runner.run(async (_m, emit) => emit(orderCancel()));
      await runner.run(async (_m, emit) => emit(orderCancel()));
      expect(requests).toEqual([1]);
      await eventually(() => requests.length === 2);
      expect(requests).toEqual([1, 2]);
    } finally {
      await lingering.stop();
    }
  });

  it('keeps rows whose publish failed and publishes them on the next pass', async () => {
    const event = orderCancel();
    await runner.run(async (_m, emit) => emit(event));
    bus.failNext = 1;
    await expect(relay.drain()).rejects.toThrow('broker unavailable');
    expect(await dataSource.query('SELECT count(*)::int AS n FROM outbox_message')).toEqual([{ n: 1 }]);
    expect(await relay.drain()).toBe(1);
    expect(bus.published).toHaveLength(1);
  });
});
