export interface AuthorizationRequest {
  /** The same for every attempt on one order: the provider's idempotency key. */
  paymentId: string;
  orderId: string;
  customerId: string;
  amountCents: number;
}

export type Authorization = 'APPROVED' | 'DECLINED';

/**
 * The payment provider, as the charge handler sees it. It only authorizes: money moves in our
 * own ledger, in the local transaction that follows. Called outside any database transaction
 * (a slow provider must not hold row locks). Implementations throw TransientError when the
 * provider cannot be reached, so the event is retried; and answer the same for the same order.
 */
export interface PaymentGateway {
  authorize(request: AuthorizationRequest): Promise<Authorization>;
}

export const PAYMENT_GATEWAY = Symbol('PAYMENT_GATEWAY');
