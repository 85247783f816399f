import { EntityManager } from 'typeorm';

/**
 * Claims an event for a consumer inside the caller's transaction. The claim is an INSERT on a
 * unique key, not a "seen it?" read, so two deliveries racing each other cannot both win; and
 * it commits or rolls back together with the effect it guards.
 */
export async function claimInbox(manager: EntityManager, consumer: string, eventId: string): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `INSERT INTO processed_message (consumer, event_id) VALUES ($1, $2)
     ON CONFLICT DO NOTHING RETURNING event_id`,
    [consumer, eventId],
  );
  return rows.length === 1;
}

/**
 * claimInbox for a whole fetched batch in one statement: returns the ids this call claimed, i.e.
 * the events not seen before (a repeated id in `eventIds` is claimed once).
 */
export async function claimInboxBatch(manager: EntityManager, consumer: string, eventIds: string[]): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  const rows: { event_id: string }[] = await manager.query(
    `INSERT INTO processed_message (consumer, event_id) SELECT $1, unnest($2::uuid[])
     ON CONFLICT DO NOTHING RETURNING event_id`,
    [consumer, eventIds],
  );
  return new Set(rows.map((row) => row.event_id));
}
