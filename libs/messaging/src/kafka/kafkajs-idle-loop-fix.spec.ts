import { fixKafkajsIdleLoop } from './kafkajs-idle-loop-fix';

// The kafkajs internal the fix replaces a method of (see the fix for why).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const RequestQueue = require('kafkajs/src/network/requestQueue');

const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

function requestQueue() {
  return new RequestQueue({
    maxInFlightRequests: 1,
    requestTimeout: 1000,
    enforceRequestTimeout: false,
    clientId: 'spec',
    broker: 'localhost:9092',
    logger: { ...silent, namespace: () => silent },
  });
}

describe('fixKafkajsIdleLoop', () => {
  beforeAll(() => expect(fixKafkajsIdleLoop()).toBe(true));

  it('arms no timer after a response when nothing is queued and nothing is throttled', () => {
    const queue = requestQueue();
    queue.checkPendingRequests(); // what kafkajs does after every response
    expect(queue.throttleCheckTimeoutId).toBeNull();
  });

  it('still comes back for a request held by a broker-requested throttle', () => {
    const queue = requestQueue();
    queue.throttledUntil = Date.now() + 60_000;
    queue.pending.push({ correlationId: 1 });
    queue.scheduleCheckPendingRequests();
    expect(queue.throttleCheckTimeoutId).not.toBeNull();
    clearTimeout(queue.throttleCheckTimeoutId);
  });
});
