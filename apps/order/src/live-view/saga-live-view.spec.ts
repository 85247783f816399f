import { orderStory } from '../testing/order-story';
import { SagaLiveView } from './saga-live-view';
import { SagaEvent } from '@saga/events';

const view = () => new SagaLiveView({ orderCapacity: 100, deadLetterCapacity: 2, windowGraceMs: 10_000, windowsShown: 60 });
const on = (topic: string, partition = 0) => (event: SagaEvent) => ({ kind: 'event' as const, event, source: { topic, partition, offset: '0' } });

describe('SagaLiveView', () => {
  it('counts order outcomes per minute from the order topic only', () => {
    const live = view();
    const confirmed = orderStory();
    const declined = orderStory();
    live.observe(on('order')(confirmed.created(0)));
    live.observe(on('inventory')(confirmed.reserved(1)));
    live.observe(on('order')(confirmed.confirmed(3)));
    live.observe(on('order', 1)(declined.created(5)));
    live.observe(on('order', 1)(declined.cancelled(6, 'PAYMENT_DECLINED')));

    expect(live.windows().windows).toEqual([
      {
        start: Date.parse('2026-01-01T10:00:00.000Z'),
        end: Date.parse('2026-01-01T10:01:00.000Z'),
        counts: { placed: 2, confirmed: 1, PAYMENT_DECLINED: 1 },
        closed: false,
      },
    ]);
  });

  it('does not count a redelivered order event twice in its window', () => {
    const live = view();
    const story = orderStory();
    const created = story.created();
    expect(live.observe(on('order')(created)).windowsChanged).toBe(true);
    expect(live.observe(on('order')(created)).windowsChanged).toBe(false);
    expect(live.windows().windows[0].counts).toEqual({ placed: 1 });
  });

  it('keeps the latest dead letters, newest first, and attributes them to their order', () => {
    const live = view();
    const story = orderStory();
    live.observe(on('order')(story.created()));
    const letter = (offset: string) => ({
      source: { topic: 'order.DLT', partition: 0, offset },
      originalTopic: 'order',
      orderId: story.orderId,
      reason: 'INVALID_PAYLOAD',
      error: 'bad',
      attempts: 1,
      consumerGroup: 'inventory-service',
      failedAt: '2026-01-01T10:00:09.000Z',
    });
    for (const offset of ['1', '2', '3']) live.observe({ kind: 'dead-letter', deadLetter: letter(offset) });

    const snapshot = live.snapshot();
    expect(snapshot.deadLetters.map((d) => d.source.offset)).toEqual(['3', '2']);
    expect(snapshot.orders[0]).toMatchObject({ orderId: story.orderId, deadLetters: 3 });
  });
});
