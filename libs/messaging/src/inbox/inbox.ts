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
