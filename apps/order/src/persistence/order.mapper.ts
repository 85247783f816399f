import { Order } from '../domain/order';
import { OrderRow } from './order.schema';

export function toDomain(row: OrderRow): Order {
  const { updatedAt: _updatedAt, ...state } = row;
  return Order.restore(state);
}

export function toRow(order: Order, updatedAt: Date): OrderRow {
  const state = order.snapshot();
  return { ...state, items: [...state.items], updatedAt };
}
