import { z } from 'zod';
import { envelopeSchema, EventHeader } from '@saga/events';
import { DeadLetterHeader } from '@saga/messaging';

export type JsonSchema = Record<string, unknown>;

/**
 * JSON Schema (draft-07, which AsyncAPI's schema format extends) of what a consumer accepts: the input side of
 * the zod schemas, so unknown fields are allowed, as the consumers strip rather than reject them.
 */
export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-7', io: 'input' }) as JsonSchema;
  return rest;
}

export function envelopeJsonSchema(): JsonSchema {
  return {
    description:
      'Every saga event travels in this envelope. transactionId is the saga id, copied unchanged into every event the saga causes.',
    ...jsonSchemaOf(envelopeSchema),
  };
}

/** The envelope narrowed to one event type and version, with that version's payload. */
export function eventJsonSchema(type: string, version: number, payload: z.ZodType): JsonSchema {
  return {
    allOf: [
      { $ref: '#/components/schemas/Envelope' },
      {
        type: 'object',
        properties: { type: { const: type }, version: { const: version }, payload: jsonSchemaOf(payload) },
      },
    ],
  };
}

const uuid = { type: 'string', format: 'uuid' };

const EVENT_HEADER_DOCS: Record<keyof typeof EventHeader, { schema: JsonSchema; description: string; optional?: true }> = {
  eventId: { schema: uuid, description: 'The envelope eventId: what consumer inboxes deduplicate by.' },
  eventType: { schema: { type: 'string' }, description: 'The envelope type, so tools can route without parsing the value.' },
  eventVersion: { schema: { type: 'string', pattern: '^[1-9][0-9]*$' }, description: 'The envelope version, as a decimal string.' },
  transactionId: { schema: uuid, description: 'The saga id (envelope transactionId).' },
  orderId: { schema: uuid, description: 'The order the event belongs to; also the record key.' },
  traceparent: {
    schema: { type: 'string' },
    description: 'W3C trace context of the transaction that wrote the event, when tracing is on.',
    optional: true,
  },
};

export function eventHeadersJsonSchema(): JsonSchema {
  const entries = Object.entries(EVENT_HEADER_DOCS) as Array<[keyof typeof EventHeader, (typeof EVENT_HEADER_DOCS)[keyof typeof EventHeader]]>;
  return {
    type: 'object',
    description: 'Kafka record headers written on every saga event (UTF-8 strings).',
    properties: Object.fromEntries(entries.map(([key, doc]) => [EventHeader[key], { ...doc.schema, description: doc.description }])),
    required: entries.filter(([, doc]) => !doc.optional).map(([key]) => EventHeader[key]),
  };
}

const DEAD_LETTER_HEADER_DOCS: Record<keyof typeof DeadLetterHeader, string> = {
  reason: 'Why: a contract violation (NOT_JSON, INVALID_ENVELOPE, UNKNOWN_TYPE, UNKNOWN_VERSION, INVALID_PAYLOAD) or HANDLER_FAILED.',
  error: 'The error message, at most 2000 characters.',
  originalTopic: 'Topic the record was consumed from; redrive sends it back there.',
  originalPartition: 'Partition it was consumed from.',
  originalOffset: 'Offset it had there.',
  consumerGroup: 'The consumer group that gave up on it.',
  failedAt: 'When it was dead-lettered (ISO 8601).',
  attempts: 'How many times the handler was tried.',
};

export function deadLetterHeadersJsonSchema(): JsonSchema {
  const names = Object.keys(DEAD_LETTER_HEADER_DOCS) as Array<keyof typeof DeadLetterHeader>;
  return {
    type: 'object',
    description: "The dead-lettered record's own headers (the event headers above, when it had them) plus these.",
    properties: Object.fromEntries(
      names.map((key) => [DeadLetterHeader[key], { type: 'string', description: DEAD_LETTER_HEADER_DOCS[key] }]),
    ),
    required: names.map((key) => DeadLetterHeader[key]),
  };
}
