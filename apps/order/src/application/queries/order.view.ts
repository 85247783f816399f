import { CancelReason, OrderStatus } from '../../domain/order-status';
import { OrderLine } from '../../domain/order';

/** One step of the saga timeline: which event, from which service, when it occurred. */
export interface HistoryView {
  type: string;
  service: string;
  at: string;
}

/** The read model returned by GET /orders/:id (with history) and GET /orders (without). */
export interface OrderView {
  orderId: string;
  customerId: string;
  items: OrderLine[];
  status: OrderStatus;
  reason?: CancelReason;
  totalCents?: number;
  transactionId: string;
  createdAt: string;
  history?: HistoryView[];
}
