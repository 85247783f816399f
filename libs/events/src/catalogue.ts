import { z } from 'zod';
import { Topic, TopicName } from './topics';
import { orderCancelV1, orderConfirmedV1, orderCreatedV1 } from './payloads/order.payloads';
import { inventoryRejectedV1, inventoryReleasedV1, inventoryReservedV1 } from './payloads/inventory.payloads';
import { paymentCompletedV1, paymentFailedV1, paymentRefundedV1 } from './payloads/payment.payloads';

export type ServiceName = 'order' | 'inventory' | 'payment';

interface EventDefinition {
  topic: TopicName;
  producedBy: ServiceName;
  description: string;
  /** Every version a consumer still accepts; the highest is what producers write. */
  versions: Readonly<Record<number, z.ZodType>>;
}

/**
 * The event catalogue: the single source for types, topics, versions and payload schemas.
 * Adding a version means adding a schema here; consumers keep accepting the older ones.
 */
export const EVENT_CATALOGUE = {
  ORDER_CREATED: {
    topic: Topic.order,
    producedBy: 'order',
    description: 'An order was placed; the saga starts. Inventory reserves every line or none.',
    versions: { 1: orderCreatedV1 },
  },
  ORDER_CONFIRMED: {
    topic: Topic.order,
    producedBy: 'order',
    description: 'Payment completed and the order is final; inventory turns the reservation into a sale.',
    versions: { 1: orderConfirmedV1 },
  },
  ORDER_CANCEL: {
    topic: Topic.order,
    producedBy: 'order',
    description: 'The order is cancelled (out of stock, payment declined, deadline, customer); compensate.',
    versions: { 1: orderCancelV1 },
  },
  INVENTORY_RESERVED: {
    topic: Topic.inventory,
    producedBy: 'inventory',
    description: 'Every line is reserved; carries the prices and the amount to charge.',
    versions: { 1: inventoryReservedV1 },
  },
  INVENTORY_REJECTED: {
    topic: Topic.inventory,
    producedBy: 'inventory',
    description: 'At least one line could not be reserved; nothing was reserved.',
    versions: { 1: inventoryRejectedV1 },
  },
  INVENTORY_RELEASED: {
    topic: Topic.inventory,
    producedBy: 'inventory',
    description: 'A reservation was given back after ORDER_CANCEL (compensation).',
    versions: { 1: inventoryReleasedV1 },
  },
  PAYMENT_COMPLETED: {
    topic: Topic.payment,
    producedBy: 'payment',
    description: "The customer's account was charged the reserved amount.",
    versions: { 1: paymentCompletedV1 },
  },
  PAYMENT_FAILED: {
    topic: Topic.payment,
    producedBy: 'payment',
    description: 'The charge was declined (balance too low, gateway decline) or the order was already cancelled.',
    versions: { 1: paymentFailedV1 },
  },
  PAYMENT_REFUNDED: {
    topic: Topic.payment,
    producedBy: 'payment',
    description: 'A charge was given back after ORDER_CANCEL (compensation).',
    versions: { 1: paymentRefundedV1 },
  },
} as const satisfies Record<string, EventDefinition>;

export type EventType = keyof typeof EVENT_CATALOGUE;

export const EVENT_TYPES = Object.keys(EVENT_CATALOGUE) as EventType[];

type Versions<T extends EventType> = (typeof EVENT_CATALOGUE)[T]['versions'];
type LatestVersion<T extends EventType> = Extract<keyof Versions<T>, number>;

/** The payload a producer writes today (the latest version's shape). */
export type PayloadOf<T extends EventType> = z.infer<Versions<T>[LatestVersion<T>]>;

export function isEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(EVENT_CATALOGUE, type);
}

export function latestVersionOf(type: EventType): number {
  return Math.max(...Object.keys(EVENT_CATALOGUE[type].versions).map(Number));
}

export function topicOf(type: EventType): TopicName {
  return EVENT_CATALOGUE[type].topic;
}

export function payloadSchemaOf(type: EventType, version: number): z.ZodType | undefined {
  return (EVENT_CATALOGUE[type].versions as Record<number, z.ZodType>)[version];
}
