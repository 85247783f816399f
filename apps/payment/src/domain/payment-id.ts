import { createHash } from 'node:crypto';

// Fixed namespace for this service's payment ids (RFC 9562 name-based UUIDs); its value is arbitrary.
const PAYMENT_NAMESPACE = Buffer.from('3c1f7d52a9e84b0c8f6d2e1a5b4c3d2e', 'hex');

/**
 * The payment id of an order: a version-5 UUID of the orderId. Derived rather than random so
 * that every attempt for one order (a retry after a gateway timeout, a redelivery after a crash)
 * presents the same id to the gateway, which is what a real provider deduplicates on.
 */
export function paymentIdFor(orderId: string): string {
  const name = Buffer.from(orderId.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(PAYMENT_NAMESPACE).update(name).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
