import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OrderNotFoundError } from '../../domain/order.errors';
import { OrderRow } from '../../persistence/order.schema';
import { OrderRepository } from '../../persistence/order.repository';
import { OrderHistoryRepository } from '../../persistence/order-history.repository';
import { OrderView } from './order.view';

/** Newest-first listing is capped: a customer view, not an export. */
export const ORDER_LIST_LIMIT = 100;

/**
 * Reads for the HTTP API, without locks or a transaction: the order row is read before its
 * timeline, so the timeline may already show a step the status does not yet; never the reverse.
 */
@Injectable()
export class OrderQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orders: OrderRepository,
    private readonly history: OrderHistoryRepository,
  ) {}

  /** The order with its saga timeline across the three services ("where is my saga?"). */
  async getWithHistory(orderId: string): Promise<OrderView> {
    const manager = this.dataSource.manager;
    const row = await this.orders.findById(manager, orderId);
    if (!row) throw new OrderNotFoundError(orderId);
    const timeline = await this.history.timelineOf(manager, orderId);
    return {
      ...toView(row),
      history: timeline.map((entry) => ({ type: entry.eventType, service: entry.service, at: entry.occurredAt.toISOString() })),
    };
  }

  async listByCustomer(customerId: string): Promise<OrderView[]> {
    const rows = await this.orders.listByCustomer(this.dataSource.manager, customerId, ORDER_LIST_LIMIT);
    return rows.map(toView);
  }
}

function toView(row: OrderRow): OrderView {
  return {
    orderId: row.id,
    customerId: row.customerId,
    items: row.items.map(({ sku, quantity }) => ({ sku, quantity })),
    status: row.status,
    ...(row.reason !== null && { reason: row.reason }),
    ...(row.totalCents !== null && { totalCents: row.totalCents }),
    transactionId: row.transactionId,
    createdAt: row.createdAt.toISOString(),
  };
}
