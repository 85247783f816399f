import { OrderLine } from '../../domain/order';

export interface PlaceOrderCommand {
  customerId: string;
  items: OrderLine[];
  /** From the Idempotency-Key header: a retry with the same key gets the first order back. */
  idempotencyKey: string | null;
}
