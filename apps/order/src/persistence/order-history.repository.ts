import { EntityManager } from 'typeorm';
import { EVENT_CATALOGUE, SagaEvent } from '@saga/events';
import { DeferredStatement, unitOfWork } from '@saga/messaging';
import { HistoryDetail, OrderHistoryEntity, OrderHistoryRow } from './order-history.schema';

export interface HistoryEntry {
  event: SagaEvent;
  detail: HistoryDetail;
}

/**
 * The saga timeline of each order, written in the same transaction as the event it records: entries
 * appended during a transaction (every event of a batch, every order of a placement) go out in one
 * INSERT just before its commit.
 */
export class OrderHistoryRepository {
  /** Needs a transaction opened by the TransactionRunner: the rows are written by its unit of work. */
  async append(manager: EntityManager, entries: HistoryEntry[]): Promise<void> {
    if (entries.length === 0) return;
    this.pendingOf(manager).push(...entries);
  }

  /** Nothing reads the timeline inside the transaction that writes it, so its rows can wait for the commit. */
  private pendingOf(manager: EntityManager): HistoryEntry[] {
    const unit = unitOfWork(manager);
    return unit.stateOf(this, () => {
      const pending: HistoryEntry[] = [];
      unit.beforeCommitStatement(() => this.insert(pending));
      return pending;
    });
  }

  /** In append order, so entries of one occurrence time keep it in the timeline (ordered by occurred_at, then id). */
  private insert(entries: HistoryEntry[]): DeferredStatement | null {
    if (entries.length === 0) return null;
    // Plain SQL: written on every saga step, where TypeORM's insert builder cost more than the rows.
    return {
      sql: `INSERT INTO order_history (order_id, event_id, event_type, service, occurred_at, detail)
            SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::timestamptz[], $6::jsonb[])`,
      params: [
        entries.map(({ event }) => event.orderId),
        entries.map(({ event }) => event.eventId),
        entries.map(({ event }) => event.type),
        entries.map(({ event }) => EVENT_CATALOGUE[event.type].producedBy),
        entries.map(({ event }) => new Date(event.occurredAt)),
        entries.map(({ detail }) => JSON.stringify(detail)),
      ],
    };
  }

  /** Oldest first: by when each event occurred, then by when it was recorded here. */
  async timelineOf(manager: EntityManager, orderId: string): Promise<OrderHistoryRow[]> {
    return manager.find(OrderHistoryEntity, { where: { orderId }, order: { occurredAt: 'ASC', id: 'ASC' } });
  }
}
