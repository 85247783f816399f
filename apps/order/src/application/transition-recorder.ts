import { Inject, Injectable, Optional } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { SagaEvent } from '@saga/events';
import { Emit, Logger, SagaMetrics, SERVICE_LOGGER, sagaLogger } from '@saga/messaging';
import { Order, Transition } from '../domain/order';
import { OrderRepository } from '../persistence/order.repository';
import { HistoryEntry, OrderHistoryRepository } from '../persistence/order-history.repository';
import { announcementOf } from './order-events';

export interface Outcome {
  order: Order;
  transition: Transition;
  /** The received event that caused the transition; absent for decisions taken here (deadline, customer). */
  cause?: SagaEvent;
}

/**
 * The "save + emit" half of every step, inside the caller's transaction: saves a changed order,
 * emits what the transition announces, and appends the cause and the announcement to the
 * order's history (a received event is recorded even when it changed nothing). The repositories
 * write both just before the commit, for all the steps of the transaction at once (a batch of
 * events, a sweep of overdue orders): recording a step costs no round trip.
 */
@Injectable()
export class TransitionRecorder {
  constructor(
    private readonly orders: OrderRepository,
    private readonly history: OrderHistoryRepository,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
    /** Absent where the service is hosted without metrics (tests). */
    @Optional() private readonly sagaMetrics?: SagaMetrics,
  ) {}

  async record(manager: EntityManager, emit: Emit, { order, transition, cause }: Outcome): Promise<void> {
    const now = new Date();
    const entries: HistoryEntry[] = [];
    if (cause) entries.push({ event: cause, detail: { payload: cause.payload, effect: describe(transition) } });
    if (transition.changed) {
      await this.orders.saveTransition(manager, order, now);
      if (transition.to === 'CONFIRMED' || transition.to === 'CANCELLED') {
        const { createdAt, reason } = order.snapshot();
        this.sagaMetrics?.noteEnded(manager, { status: transition.to, reason, startedAt: createdAt, endedAt: now });
      }
      if (transition.announce) {
        const announced = announcementOf(order, transition.announce, announcedAt(now, cause));
        emit(announced);
        entries.push({ event: announced, detail: { payload: announced.payload } });
      }
    }
    await this.history.append(manager, entries);

    const { transactionId } = order.snapshot();
    sagaLogger(this.logger, { transactionId, orderId: order.id, type: cause?.type }).info(
      { effect: describe(transition), announced: transition.changed ? transition.announce : null },
      'order saga step',
    );
  }
}

/**
 * The timeline is ordered by occurrence time, written by three services' clocks: an announcement
 * is never dated before the event that caused it, even when the cause's producer clock runs ahead.
 */
function announcedAt(now: Date, cause?: SagaEvent): Date {
  return cause ? new Date(Math.max(now.getTime(), Date.parse(cause.occurredAt))) : now;
}

function describe(transition: Transition): string {
  return transition.changed ? `${transition.from} -> ${transition.to}` : `no change: ${transition.because}`;
}
