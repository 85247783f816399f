import { Kafka, Partitioners, Producer } from 'kafkajs';
import { DeadLetterHeader } from '@saga/messaging';
import { DeadLetter, originalTopicOf } from './dead-letter';

/** Names the dead letter a redriven record came from, `<dlt>/<partition>/<offset>`, for triage and tracing. */
export const REDRIVEN_FROM_HEADER = 'redriven-from';
const DEAD_LETTER_HEADER_PREFIX = 'dlt-';
const DAY_MS = 24 * 60 * 60 * 1000;

export interface RedrivePlan {
  send: Array<{ deadLetter: DeadLetter; topic: string; headers: Record<string, string> }>;
  /** Same key and value as a record already in `send`: one event dead-lettered by several consumer groups. */
  duplicates: DeadLetter[];
  /** Older than the inbox retention: a consumer that already processed the event would no longer recognise it. */
  tooOld: DeadLetter[];
}

export interface PlanOptions {
  inboxRetentionDays: number;
  now?: Date;
  /** Sends records older than the inbox retention anyway. */
  force?: boolean;
}

/**
 * Decides what goes back to the original topics. The value and key are sent unchanged, so the event keeps its
 * eventId and every consumer group's inbox recognises it: groups that processed it skip it, the group that
 * dead-lettered it processes it. That holds only while the inbox still has the claim (INBOX_RETENTION_DAYS),
 * so older dead letters are held back unless forced.
 */
export function planRedrive(deadLetters: DeadLetter[], options: PlanOptions): RedrivePlan {
  const now = (options.now ?? new Date()).getTime();
  const plan: RedrivePlan = { send: [], duplicates: [], tooOld: [] };
  const seen = new Set<string>();
  for (const deadLetter of deadLetters) {
    const identity = `${deadLetter.key ?? ''}\u0000${deadLetter.value?.toString('base64') ?? ''}`;
    if (seen.has(identity)) {
      plan.duplicates.push(deadLetter);
      continue;
    }
    if (!options.force && now - eventTimeOf(deadLetter) > options.inboxRetentionDays * DAY_MS) {
      plan.tooOld.push(deadLetter);
      continue;
    }
    seen.add(identity);
    plan.send.push({ deadLetter, topic: originalTopicOf(deadLetter), headers: redrivenHeaders(deadLetter) });
  }
  return plan;
}

/** Sends the plan with the services' partitioner, so each record lands on the partition its orderId maps to. */
export async function sendRedrive(kafka: Kafka, plan: RedrivePlan): Promise<void> {
  if (plan.send.length === 0) return;
  const producer: Producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    for (const { deadLetter, topic, headers } of plan.send) {
      await producer.send({ topic, acks: -1, messages: [{ key: deadLetter.key, value: deadLetter.value, headers }] });
    }
  } finally {
    await producer.disconnect();
  }
}

function redrivenHeaders(deadLetter: DeadLetter): Record<string, string> {
  const kept = Object.entries(deadLetter.headers).filter(([name]) => !name.startsWith(DEAD_LETTER_HEADER_PREFIX));
  return {
    ...Object.fromEntries(kept),
    [REDRIVEN_FROM_HEADER]: `${deadLetter.topic}/${deadLetter.partition}/${deadLetter.offset}`,
  };
}

/** When the consumers first saw the event: its occurredAt, else when it was dead-lettered. */
function eventTimeOf(deadLetter: DeadLetter): number {
  try {
    const occurredAt = Date.parse(JSON.parse(deadLetter.value?.toString('utf8') ?? '').occurredAt);
    if (Number.isFinite(occurredAt)) return occurredAt;
  } catch {
    // Not JSON (a poison record): fall back to the dead-letter time.
  }
  const failedAt = Date.parse(deadLetter.headers[DeadLetterHeader.failedAt] ?? '');
  return Number.isFinite(failedAt) ? failedAt : Number(deadLetter.timestamp);
}
