import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { EVENT_CATALOGUE, EVENT_TYPES, EventType, Topic } from '@saga/events';
import { OrderEventsController } from './order-events.controller';

/** Which method of the controller subscribes to each event type, read from its @EventPattern metadata. */
function subscriptions(): Map<string, string> {
  const prototype = OrderEventsController.prototype as unknown as Record<string, unknown>;
  const byType = new Map<string, string>();
  for (const name of Object.getOwnPropertyNames(prototype)) {
    const patterns: string[] | undefined = Reflect.getMetadata(PATTERN_METADATA, prototype[name] as object);
    for (const pattern of patterns ?? []) byType.set(pattern, name);
  }
  return byType;
}

describe('OrderEventsController', () => {
  const consumed = EVENT_TYPES.filter((type) => [Topic.inventory, Topic.payment].includes(EVENT_CATALOGUE[type].topic as never));

  // The transport skips a valid event type nobody subscribed to: a forgotten pattern would lose events silently.
  it('subscribes to every event type of the inventory and payment topics, and to nothing else', () => {
    expect([...subscriptions().keys()].sort()).toEqual([...consumed].sort());
  });

  it.each([
    ['INVENTORY_RESERVED', 'noteReservation'],
    ['INVENTORY_REJECTED', 'cancelWhenRejected'],
    ['PAYMENT_COMPLETED', 'confirmWhenPaid'],
    ['PAYMENT_FAILED', 'cancelWhenPaymentFailed'],
    ['INVENTORY_RELEASED', 'recordCompensation'],
    ['PAYMENT_REFUNDED', 'recordCompensation'],
  ] as Array<[EventType, string]>)('hands %s to %s', async (type, reaction) => {
    const handlers = {
      noteReservation: { handle: jest.fn() },
      cancelWhenRejected: { handle: jest.fn() },
      confirmWhenPaid: { handle: jest.fn() },
      cancelWhenPaymentFailed: { handle: jest.fn() },
      recordCompensation: { handle: jest.fn() },
    };
    const controller = new OrderEventsController(
      handlers.noteReservation as never,
      handlers.cancelWhenRejected as never,
      handlers.confirmWhenPaid as never,
      handlers.cancelWhenPaymentFailed as never,
      handlers.recordCompensation as never,
    );
    const methods = controller as unknown as Record<string, (event: unknown) => Promise<void>>;
    const event = { type };
    await methods[subscriptions().get(type)!](event);
    for (const [name, handler] of Object.entries(handlers)) {
      expect(handler.handle).toHaveBeenCalledTimes(name === reaction ? 1 : 0);
    }
    expect(handlers[reaction as keyof typeof handlers].handle).toHaveBeenCalledWith(event);
  });
});
