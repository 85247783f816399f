import { SagaEvent } from '@saga/events';
import { orderStory } from '../../testing/order-story';
import { RecentOrders } from './recent-orders';
import { HistoryStep, orderTimeline } from './order-timeline';

const SERVICE: Record<string, string> = { ORDER: 'order', INVENTORY: 'inventory', PAYMENT: 'payment' };

function historyOf(events: SagaEvent[], effects: Record<string, string> = {}): HistoryStep[] {
  return events.map((event) => ({
    eventId: event.eventId,
    eventType: event.type,
    service: SERVICE[event.type.split('_')[0]],
    occurredAt: new Date(event.occurredAt),
    detail: { payload: event.payload as object, ...(effects[event.type] && { effect: effects[event.type] }) },
  }));
}

describe('orderTimeline', () => {
  it('lists the history across the three services with details and effects, marking the cancel and its compensations', () => {
    const story = orderStory('erin');
    const history = historyOf(
      [story.created(), story.reserved(), story.declined(), story.cancelled(), story.released()],
      { PAYMENT_FAILED: 'RESERVED -> CANCELLED' },
    );

    expect(orderTimeline(history)).toEqual([
      { at: '2026-01-01T10:00:00.000Z', service: 'order', type: 'ORDER_CREATED', kind: 'step', detail: 'erin: 1× KEYBOARD-01' },
      { at: '2026-01-01T10:00:01.000Z', service: 'inventory', type: 'INVENTORY_RESERVED', kind: 'step', detail: 'total 89.00' },
      {
        at: '2026-01-01T10:00:02.000Z',
        service: 'payment',
        type: 'PAYMENT_FAILED',
        kind: 'step',
        detail: 'INSUFFICIENT_FUNDS (89.00 for erin)',
        effect: 'RESERVED -> CANCELLED',
      },
      { at: '2026-01-01T10:00:03.000Z', service: 'order', type: 'ORDER_CANCEL', kind: 'cancel', detail: 'PAYMENT_DECLINED' },
      { at: '2026-01-01T10:00:04.000Z', service: 'inventory', type: 'INVENTORY_RELEASED', kind: 'compensation', detail: '1× KEYBOARD-01' },
    ]);
  });

  it('keeps the history\'s own order for steps of the same instant', () => {
    const story = orderStory();
    const history = historyOf([story.paid(2), story.confirmed(2)]);
    expect(orderTimeline(history).map((s) => s.type)).toEqual(['PAYMENT_COMPLETED', 'ORDER_CONFIRMED']);
  });

  it('merges dead-letter hits in by time and marks redelivered events', () => {
    const story = orderStory();
    const [created, reserved] = [story.created(0), story.reserved(1)];
    const stream = new RecentOrders(10);
    [created, reserved, reserved].forEach((event) => stream.noteEvent(event));
    stream.noteDeadLetter({
      source: { topic: 'inventory.DLT', partition: 0, offset: '3' },
      originalTopic: 'inventory',
      orderId: story.orderId,
      eventType: 'INVENTORY_RESERVED',
      reason: 'HANDLER_FAILED',
      error: 'database said no',
      attempts: 5,
      consumerGroup: 'payment-service',
      failedAt: '2026-01-01T10:00:01.500Z',
    });

    const timeline = orderTimeline(historyOf([created, reserved, story.cancelled(30, 'TIMEOUT')]), stream.trailOf(story.orderId));

    expect(timeline.map((s) => [s.type, s.kind])).toEqual([
      ['ORDER_CREATED', 'step'],
      ['INVENTORY_RESERVED', 'step'],
      ['INVENTORY_RESERVED → inventory.DLT', 'dead-letter'],
      ['ORDER_CANCEL', 'cancel'],
    ]);
    expect(timeline[1].deliveries).toBe(2);
    expect(timeline[0].deliveries).toBeUndefined();
    expect(timeline[2]).toMatchObject({ service: 'payment', attempts: 5, detail: 'HANDLER_FAILED: database said no' });
  });
});
