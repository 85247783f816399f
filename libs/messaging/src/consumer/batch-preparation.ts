import { EntityManager } from 'typeorm';
import { SagaEvent } from '@saga/events';

/**
 * A service's work for a whole batch of new events at once, around the batch's one transaction. Both are
 * optimisations only: a handler must still be correct when its event is applied alone, without them.
 */
export interface BatchPreparation {
  /**
   * Before the transaction opens: calls to other systems (payment's gateway), so that no slow call ever
   * runs while the batch holds row locks. Throwing applies the batch's records one by one instead.
   */
  beforeTransaction?(events: SagaEvent[]): Promise<void>;
  /** Inside it, after the inbox claim (events are the new ones): load and lock the rows the handlers will read. */
  inTransaction?(manager: EntityManager, events: SagaEvent[]): Promise<void>;
}
