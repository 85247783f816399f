/**
 * kafkajs 2.2.4 (the last release) re-arms a timer after every response on every connection, even with
 * nothing queued and no throttling: each connection then wakes its process every millisecond, forever
 * (tulios/kafkajs#1556, #1704; the fix in #1667 was never released). On a quiet service that is most of
 * its CPU, and on a busy one a wake-up it did not need. This keeps the timer for what it exists for: a
 * queued request, or a broker-requested throttle that has yet to end.
 */
type RequestQueueInternals = {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: unknown;
  scheduleCheckPendingRequests(): void;
};

let applied = false;

/** Idempotent; returns false when kafkajs is not shaped as expected (another version), leaving it as it is. */
export function fixKafkajsIdleLoop(): boolean {
  if (applied) return true;
  let RequestQueue: { prototype: RequestQueueInternals } | undefined;
  try {
    // Internal module: the package has no "exports" map, so its files are reachable, and 2.2.4 is pinned.
    RequestQueue = require('kafkajs/src/network/requestQueue');
  } catch {
    return false;
  }
  const original = RequestQueue?.prototype?.scheduleCheckPendingRequests;
  if (typeof original !== 'function') return false;
  RequestQueue!.prototype.scheduleCheckPendingRequests = function scheduleOnlyWhenNeeded(this: RequestQueueInternals) {
    const throttled = this.throttledUntil > Date.now();
    if (this.pending.length === 0 && !throttled) return;
    original.call(this);
  };
  applied = true;
  return true;
}
