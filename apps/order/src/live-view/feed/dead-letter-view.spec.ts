import { deadLetterViewOf } from './dead-letter-view';

const source = { topic: 'payment.DLT', partition: 0, offset: '7' };
const orderId = '0b9d2c4e-5c1f-4a44-9a53-3f7a2f1e9d10';

describe('deadLetterViewOf', () => {
  it('reads why, where from and for which order from the dead-letter headers', () => {
    const view = deadLetterViewOf(source, orderId, {
      'order-id': orderId,
      'event-type': 'PAYMENT_COMPLETED',
      'event-id': 'e-1',
      'dlt-reason': 'HANDLER_FAILED',
      'dlt-error': 'order not found',
      'dlt-original-topic': 'payment',
      'dlt-consumer-group': 'order-service',
      'dlt-failed-at': '2026-01-01T10:00:00.000Z',
      'dlt-attempts': '5',
    }, '0');

    expect(view).toEqual({
      source,
      originalTopic: 'payment',
      orderId,
      eventType: 'PAYMENT_COMPLETED',
      eventId: 'e-1',
      reason: 'HANDLER_FAILED',
      error: 'order not found',
      attempts: 5,
      consumerGroup: 'order-service',
      failedAt: '2026-01-01T10:00:00.000Z',
    });
  });

  it('falls back to the record key for the order and to the record timestamp for the time', () => {
    const view = deadLetterViewOf(source, orderId.toUpperCase(), { 'dlt-reason': 'NOT_JSON' }, String(Date.parse('2026-01-02T00:00:00Z')));
    expect(view).toMatchObject({ orderId, originalTopic: 'payment', attempts: 1, failedAt: '2026-01-02T00:00:00.000Z' });
  });

  it('attaches poison to no order when neither header nor key is an order id', () => {
    const view = deadLetterViewOf(source, 'not-an-id', { 'order-id': 'also not' }, '0');
    expect(view.orderId).toBeUndefined();
    expect(view.reason).toBe('UNKNOWN');
  });
});
