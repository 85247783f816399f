import { randomUUID } from 'node:crypto';
import { EventEnvelope, envelopeSchema } from './envelope';
import { EventType, PayloadOf, isEventType, latestVersionOf, payloadSchemaOf } from './catalogue';

/** An event of one catalogue type with its typed payload. */
export type SagaEvent<T extends EventType = EventType> = {
  [K in T]: EventEnvelope<K, PayloadOf<K>>;
}[T];

export type ContractViolationReason =
  | 'NOT_JSON'
  | 'INVALID_ENVELOPE'
  | 'UNKNOWN_TYPE'
  | 'UNKNOWN_VERSION'
  | 'INVALID_PAYLOAD';

/** Raised when bytes or objects do not honour the contract: such a record is poison, not a transient failure. */
export class ContractViolation extends Error {
  constructor(
    readonly reason: ContractViolationReason,
    detail: string,
  ) {
    super(`${reason}: ${detail}`);
    this.name = 'ContractViolation';
  }
}

export interface NewEvent<T extends EventType> {
  transactionId: string;
  orderId: string;
  payload: PayloadOf<T>;
  occurredAt?: Date;
}

/** Builds an event at the latest version, refusing a payload the contract rejects (before it reaches the outbox). */
export function createEvent<T extends EventType>(type: T, fields: NewEvent<T>): SagaEvent<T> {
  const version = latestVersionOf(type);
  const parsed = payloadSchemaOf(type, version)!.safeParse(fields.payload);
  if (!parsed.success) {
    throw new ContractViolation('INVALID_PAYLOAD', `${type} v${version}: ${parsed.error.message}`);
  }
  return {
    eventId: randomUUID(),
    type,
    version,
    transactionId: fields.transactionId,
    orderId: fields.orderId,
    occurredAt: (fields.occurredAt ?? new Date()).toISOString(),
    payload: parsed.data,
  } as SagaEvent<T>;
}

/** Decodes and validates a record value; throws ContractViolation for anything a consumer must not process. */
export function parseEvent(value: Buffer | string | null): SagaEvent {
  if (value === null) throw new ContractViolation('NOT_JSON', 'record has no value');
  let json: unknown;
  try {
    json = JSON.parse(typeof value === 'string' ? value : value.toString('utf8'));
  } catch {
    throw new ContractViolation('NOT_JSON', 'record value is not JSON');
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) throw new ContractViolation('INVALID_ENVELOPE', envelope.error.message);
  const { type, version } = envelope.data;
  if (!isEventType(type)) throw new ContractViolation('UNKNOWN_TYPE', `unknown event type ${JSON.stringify(type)}`);
  const schema = payloadSchemaOf(type, version);
  if (!schema) throw new ContractViolation('UNKNOWN_VERSION', `${type} has no version ${version}`);
  const payload = schema.safeParse(envelope.data.payload);
  if (!payload.success) throw new ContractViolation('INVALID_PAYLOAD', `${type} v${version}: ${payload.error.message}`);
  return { ...envelope.data, payload: payload.data } as SagaEvent;
}

export function serializeEvent(event: SagaEvent): string {
  return JSON.stringify(event);
}
