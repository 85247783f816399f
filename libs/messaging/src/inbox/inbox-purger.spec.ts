import { randomUUID } from 'node:crypto';
import { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import pino from 'pino';
import { createTestDatabase, eventually, TestDatabase } from '@saga/testing';
import { createMessagingTables, dropMessagingTables } from '../outbox/messaging-tables';
import { claimInbox } from './inbox';
import { InboxPurger } from './inbox-purger';

class MessagingTables1700000000000 implements MigrationInterface {
  up = (runner: QueryRunner) => createMessagingTables(runner);
  down = (runner: QueryRunner) => dropMessagingTables(runner);
}

const DAY_MS = 24 * 60 * 60 * 1000;
const NOW = new Date('2026-03-10T12:00:00Z');

describe('InboxPurger', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const silent = pino({ level: 'silent' });

  const claimAged = async (consumer: string, ageMs: number): Promise<string> => {
    const eventId = randomUUID();
    await dataSource.query(`INSERT INTO processed_message (consumer, event_id, processed_at) VALUES ($1, $2, $3)`, [
      consumer,
      eventId,
      new Date(NOW.getTime() - ageMs),
    ]);
    return eventId;
  };
  const remaining = async (): Promise<string[]> =>
    (await dataSource.query(`SELECT event_id FROM processed_message ORDER BY event_id`)).map((r: { event_id: string }) => r.event_id);

  beforeAll(async () => {
    database = await createTestDatabase('inbox_purge');
    dataSource = new DataSource({ type: 'postgres', url: database.url, migrations: [MessagingTables1700000000000] });
    await dataSource.initialize();
    await dataSource.runMigrations();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  beforeEach(() => dataSource.query('TRUNCATE outbox_message, processed_message'));

  it('deletes claims older than the retention for every consumer, in batches, and keeps the younger ones', async () => {
    const old = [
      await claimAged('inventory', 8 * DAY_MS),
      await claimAged('payment', 8 * DAY_MS),
      await claimAged('inventory', 30 * DAY_MS),
      await claimAged('order', 7 * DAY_MS + 1000),
      await claimAged('order', 365 * DAY_MS),
    ];
    const young = [await claimAged('inventory', 7 * DAY_MS - 1000), await claimAged('payment', 60_000)];
    const purger = new InboxPurger(dataSource, silent, { retentionDays: 7, intervalMs: 60_000, batchSize: 2 });

    await expect(purger.purgeOnce(NOW)).resolves.toBe(old.length);
    expect(await remaining()).toEqual([...young].sort());
  });

  it('touches neither the outbox nor claims inside the retention', async () => {
    await dataSource.query(
      `INSERT INTO outbox_message (event_id, topic, message_key, event_type, value, created_at)
       VALUES ($1, 'order', 'k', 'ORDER_CREATED', '{}', $2)`,
      [randomUUID(), new Date(NOW.getTime() - 90 * DAY_MS)],
    );
    const kept = await claimAged('order', DAY_MS);
    const purger = new InboxPurger(dataSource, silent, { retentionDays: 7, intervalMs: 60_000, batchSize: 100 });

    await expect(purger.purgeOnce(NOW)).resolves.toBe(0);
    expect(await remaining()).toEqual([kept]);
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM outbox_message`)).toEqual([{ n: 1 }]);
  });

  it('lets a redelivery inside the retention be recognised as a duplicate after a purge', async () => {
    const eventId = await claimAged('payment', DAY_MS);
    await new InboxPurger(dataSource, silent, { retentionDays: 7, intervalMs: 60_000, batchSize: 10 }).purgeOnce(NOW);

    await expect(dataSource.transaction((manager) => claimInbox(manager, 'payment', eventId))).resolves.toBe(false);
  });

  it('purges at start and on its interval until stopped', async () => {
    await dataSource.query(
      `INSERT INTO processed_message (consumer, event_id, processed_at) VALUES ('order', $1, now() - interval '8 days')`,
      [randomUUID()],
    );
    const purger = new InboxPurger(dataSource, silent, { retentionDays: 7, intervalMs: 1000, batchSize: 10 });
    purger.start();
    try {
      await eventually(async () => (await remaining()).length === 0, 5000);
      // A claim that ages past the retention while the service runs goes on a later tick.
      await dataSource.query(
        `INSERT INTO processed_message (consumer, event_id, processed_at) VALUES ('order', $1, now() - interval '9 days')`,
        [randomUUID()],
      );
      await eventually(async () => (await remaining()).length === 0, 5000);
    } finally {
      await purger.stop();
    }
  });
});
