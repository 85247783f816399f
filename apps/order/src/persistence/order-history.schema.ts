import { EntitySchema } from 'typeorm';
import { ServiceName } from '@saga/events';

/** What an event meant here: its payload and, for a received event, what it changed (or why not). */
export interface HistoryDetail {
  payload: object;
  effect?: string;
}

/** One saga event this service emitted or received for an order: the rows of "where is my saga?". */
export interface OrderHistoryRow {
  id: string;
  orderId: string;
  eventId: string;
  eventType: string;
  service: ServiceName;
  occurredAt: Date;
  detail: HistoryDetail;
}

export const OrderHistoryEntity = new EntitySchema<OrderHistoryRow>({
  name: 'OrderHistory',
  tableName: 'order_history',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    orderId: { name: 'order_id', type: 'uuid' },
    eventId: { name: 'event_id', type: 'uuid' },
    eventType: { name: 'event_type', type: 'text' },
    service: { type: 'text' },
    occurredAt: { name: 'occurred_at', type: 'timestamptz' },
    detail: { type: 'jsonb' },
  },
});
