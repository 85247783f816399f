import { SagaEvent } from '@saga/events';

/**
 * What an `order` topic event says about the order's outcome, as the key of the per-minute counts:
 * `placed` (ORDER_CREATED), `confirmed` (ORDER_CONFIRMED) or the cancel reason (ORDER_CANCEL).
 */
export function orderOutcomeOf(event: SagaEvent): string | undefined {
  switch (event.type) {
    case 'ORDER_CREATED':
      return 'placed';
    case 'ORDER_CONFIRMED':
      return 'confirmed';
    case 'ORDER_CANCEL':
      return event.payload.reason;
    default:
      return undefined;
  }
}
