import { z } from 'zod';

/**
 * Every event travels in this envelope. `transactionId` is the saga's id: set once when the
 * order is placed and copied unchanged into every event the saga causes, so one grep (or one
 * trace query) follows a whole saga across the three services.
 */
export const envelopeSchema = z.object({
  eventId: z.uuid(),
  type: z.string().min(1),
  version: z.number().int().positive(),
  transactionId: z.uuid(),
  orderId: z.uuid(),
  occurredAt: z.iso.datetime({ offset: true }),
  payload: z.unknown(),
});

export type RawEnvelope = z.infer<typeof envelopeSchema>;

export interface EventEnvelope<TType extends string = string, TPayload = unknown> {
  eventId: string;
  type: TType;
  version: number;
  transactionId: string;
  orderId: string;
  occurredAt: string;
  payload: TPayload;
}

/** Headers written on every record, so tooling can route and trace without parsing the value. */
export const EventHeader = {
  eventId: 'event-id',
  eventType: 'event-type',
  eventVersion: 'event-version',
  transactionId: 'transaction-id',
  orderId: 'order-id',
  traceparent: 'traceparent',
} as const;
