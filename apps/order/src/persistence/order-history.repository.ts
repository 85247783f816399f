import { EntityManager } from 'typeorm';
import { EVENT_CATALOGUE, SagaEvent } from '@saga/events';
import { HistoryDetail, OrderHistoryEntity, OrderHistoryRow } from './order-history.schema';

export interface HistoryEntry {
  event: SagaEvent;
  detail: HistoryDetail;
}

/** The saga timeline of each order, written in the same transaction as the event it records. */
export class OrderHistoryRepository {
  async append(manager: EntityManager, entries: HistoryEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await manager.insert(
      OrderHistoryEntity,
      entries.map(({ event, detail }) => ({
        orderId: event.orderId,
        eventId: event.eventId,
        eventType: event.type,
        service: EVENT_CATALOGUE[event.type].producedBy,
        occurredAt: new Date(event.occurredAt),
        detail,
      })),
    );
  }

  /** Oldest first: by when each event occurred, then by when it was recorded here. */
  async timelineOf(manager: EntityManager, orderId: string): Promise<OrderHistoryRow[]> {
    return manager.find(OrderHistoryEntity, { where: { orderId }, order: { occurredAt: 'ASC', id: 'ASC' } });
  }
}
