import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { backOff } from 'exponential-backoff';
import { Logger } from 'pino';
import { Span, SpanStatusCode } from '@opentelemetry/api';
import { ContractViolation, EventHeader, isEventType, parseEvent, SagaEvent } from '@saga/events';
import { BatchControls, ConsumedRecord, ConsumerHandle, MessageBus, PartitionBatch } from '../kafka/message-bus.port';
import { toDeadLetter } from './dead-letter';
import { isTransientError } from './transient-error';
import { SagaEventContext } from './saga-event.context';
import { sagaAttributes, withConsumerSpan } from '../observability/tracing/message-spans';
import { ControlledBatch, PartitionBatchCoalescer } from './partition-batch-coalescer';
import { BatchPreparation } from './batch-preparation';
import { PrepareBatch } from '../transaction-runner';

export interface RetryPolicy {
  /** Attempts for a failure that is not transient before the record is dead-lettered. */
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export interface SagaKafkaTransportOptions {
  bus: MessageBus;
  groupId: string;
  topics: string[];
  logger: Logger;
  retry: RetryPolicy;
  partitionsConsumedConcurrently?: number;
  onDeadLetter?: (record: ConsumedRecord, reason: string) => void;
  /**
   * Applies up to `maxRecords` records of a fetch, across its partitions, in one local transaction (the
   * service's TransactionRunner), one such transaction at a time. Absent or maxRecords 1: one transaction
   * per record. A group holding one of the `perRecord` event types is applied record by record: their
   * handlers call out of process before their transaction, which must never happen while a transaction
   * holds locks (unless `preparation.beforeTransaction` makes those calls for the whole batch first).
   */
  transactionBatches?: {
    runner: BatchRunner;
    maxRecords: number;
    perRecord?: readonly string[];
    preparation?: BatchPreparation;
  };
}

/** TransactionRunner.runBatch: the events in one transaction, all or nothing. */
export interface BatchRunner {
  runBatch(events: SagaEvent[], dispatch: (event: SagaEvent) => Promise<void>, prepare?: PrepareBatch): Promise<void>;
}

interface ControlledRecord {
  record: ConsumedRecord;
  controls: BatchControls;
}

/**
 * A Nest transport for saga events: @EventPattern('<EVENT_TYPE>') handlers receive validated
 * events. Unlike the stock Kafka transport, a record that breaks the contract or keeps failing
 * goes to `<topic>.DLT` and its partition moves on; a transient failure (database down) is
 * retried with backoff for as long as it lasts; offsets are committed only for records whose
 * handler finished, i.e. after its local transaction committed.
 */
export class SagaKafkaTransport extends Server implements CustomTransportStrategy {
  private consumer?: ConsumerHandle;
  private readonly coalescer = new PartitionBatchCoalescer((group) => this.processGroup(group));

  constructor(private readonly options: SagaKafkaTransportOptions) {
    super();
  }

  private get batching(): boolean {
    return (this.options.transactionBatches?.maxRecords ?? 1) > 1;
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      this.consumer = await this.options.bus.consume(
        {
          groupId: this.options.groupId,
          topics: this.options.topics,
          partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently,
        },
        (batch, controls) => (this.batching ? this.coalescer.apply(batch, controls) : this.processGroup([{ batch, controls }])),
      );
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    await this.consumer?.stop();
  }

  on(): never {
    throw new Error('SagaKafkaTransport does not emit transport events');
  }

  unwrap<T>(): T {
    return this.options.bus as T;
  }

  /**
   * The records of the group's partition batches, in slices of `maxRecords`, each slice in one local
   * transaction when it can be. A partition whose record could not be finished (the consumer is stopping,
   * the partition was revoked) is left alone from there on: its later records must not be marked done.
   */
  private async processGroup(group: ControlledBatch[]): Promise<void> {
    const size = this.options.transactionBatches?.maxRecords ?? 1;
    const entries = group.flatMap(({ batch, controls }) => batch.records.map((record) => ({ record, controls })));
    const halted = new Set<BatchControls>();
    for (let start = 0; start < entries.length; start += size) {
      const slice = entries.slice(start, start + size).filter(({ controls }) => {
        if (!halted.has(controls) && !controls.shouldContinue()) halted.add(controls);
        return !halted.has(controls);
      });
      if (slice.length === 0) continue;
      if (await this.applyInOneTransaction(slice.map(({ record }) => record))) {
        slice.forEach(({ record, controls }) => controls.markProcessed(record));
        await slice[0].controls.heartbeat();
      } else {
        await this.processOneByOne(slice, halted);
      }
    }
  }

  /**
   * The fast path: every record in one local transaction, with the inbox claims, outbox rows and
   * commit shared. False when the path does not apply (one record, a record that breaks the
   * contract) or a handler failed: nothing was applied then, and the one-by-one path takes over
   * with its retries and dead letters. Records stay in offset order, so each order's events too.
   */
  private async applyInOneTransaction(records: ConsumedRecord[]): Promise<boolean> {
    const runner = this.options.transactionBatches?.runner;
    const preparation = this.options.transactionBatches?.preparation;
    if (!runner || records.length < 2) return false;
    const recordOf = new Map<SagaEvent, ConsumedRecord>();
    for (const record of records) {
      if (this.isForOthers(record)) continue;
      let event: SagaEvent;
      try {
        event = parseEvent(record.value);
      } catch {
        return false;
      }
      if (this.options.transactionBatches?.perRecord?.includes(event.type)) return false;
      if (this.messageHandlers.has(event.type)) recordOf.set(event, record);
    }
    if (recordOf.size === 0) return true; // nothing this service reacts to
    const events = [...recordOf.keys()];
    try {
      await preparation?.beforeTransaction?.(events);
      await runner.runBatch(
        events,
        (event) =>
          withConsumerSpan(recordOf.get(event)!, this.options.groupId, (span) => {
            span.setAttributes(sagaAttributes(event));
            return this.invokeHandler(event, recordOf.get(event)!);
          }),
        preparation?.inTransaction?.bind(preparation),
      );
      return true;
    } catch (error) {
      const { topic, partition, offset } = records[0];
      this.options.logger.debug({ err: error, topic, partition, offset, records: records.length }, 'batch rolled back; applying its records one by one');
      return false;
    }
  }

  /**
   * Each record in its own transaction, with retries and dead letters. A record left unfinished (the
   * consumer is stopping) halts its partition: the rest of it is left for redelivery. Heartbeats after
   * each record, so a long batch keeps the group membership.
   */
  private async processOneByOne(entries: ControlledRecord[], halted: Set<BatchControls>): Promise<void> {
    for (const { record, controls } of entries) {
      if (halted.has(controls)) continue;
      if (!controls.shouldContinue() || !(await this.processRecord(record, controls))) {
        halted.add(controls);
        continue;
      }
      controls.markProcessed(record);
      await controls.heartbeat();
    }
  }

  private async invokeHandler(event: SagaEvent, record: ConsumedRecord): Promise<void> {
    const handler = this.messageHandlers.get(event.type)!;
    const result = await handler(event, new SagaEventContext(record));
    await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
  }

  /**
   * Returns false when the record must be left for redelivery (the consumer is stopping mid-retry).
   * Runs in a consumer span continuing the producer's trace, so the handler's work joins it.
   */
  private processRecord(record: ConsumedRecord, controls: BatchControls): Promise<boolean> {
    if (this.isForOthers(record)) return Promise.resolve(true);
    return withConsumerSpan(record, this.options.groupId, (span) => this.processInSpan(record, controls, span));
  }

  /**
   * The record's `event-type` header names a catalogue type this service has no handler for (payment reads the
   * order topic for ORDER_CANCEL alone): it is passed over unread. Judging the contract of events a service does
   * not consume is their consumers' job, and they dead-letter what breaks it. A record without the header, or
   * naming a type the catalogue does not know, is parsed and judged as always.
   */
  private isForOthers(record: ConsumedRecord): boolean {
    const type = record.headers[EventHeader.eventType];
    return type !== undefined && isEventType(type) && !this.messageHandlers.has(type);
  }

  private async processInSpan(record: ConsumedRecord, controls: BatchControls, span: Span): Promise<boolean> {
    let event: SagaEvent;
    try {
      event = parseEvent(record.value);
    } catch (error) {
      if (!(error instanceof ContractViolation)) throw error;
      return this.deadLetter(record, error.reason, error.message, 1, controls, span);
    }
    span.setAttributes(sagaAttributes(event));
    // Patterns are plain event types: a direct lookup. Nest's getHandlerByPattern first tries
    // JSON.parse on the pattern, and the SyntaxError it throws for every record was a measurable cost.
    if (!this.messageHandlers.has(event.type)) return true;

    let attempts = 0;
    try {
      await backOff(
        async () => {
          attempts++;
          await this.invokeHandler(event, record);
        },
        {
          numOfAttempts: Number.MAX_SAFE_INTEGER,
          startingDelay: this.options.retry.initialDelayMs,
          maxDelay: this.options.retry.maxDelayMs,
          timeMultiple: 2,
          jitter: 'full',
          retry: async (error: unknown, attempt: number) => {
            if (!controls.shouldContinue() || error instanceof ContractViolation) return false;
            const transient = isTransientError(error);
            this.logFailure(event, record, error, attempt, transient);
            span.addEvent('handler failed; retrying', { attempt, transient, error: String(error) });
            await controls.heartbeat().catch(() => undefined);
            return transient || attempt < this.options.retry.maxAttempts;
          },
        },
      );
      return true;
    } catch (error) {
      if (!controls.shouldContinue()) return false;
      const reason = error instanceof ContractViolation ? error.reason : 'HANDLER_FAILED';
      const message = error instanceof Error ? error.message : String(error);
      return this.deadLetter(record, reason, message, attempts, controls, span);
    }
  }

  private logFailure(event: SagaEvent, record: ConsumedRecord, error: unknown, attempt: number, transient: boolean) {
    this.options.logger.warn(
      {
        err: error,
        transactionId: event.transactionId,
        orderId: event.orderId,
        eventType: event.type,
        topic: record.topic,
        partition: record.partition,
        offset: record.offset,
        attempt,
        transient,
      },
      transient ? 'transient failure; retrying' : 'handler failed; retrying before dead-lettering',
    );
  }

  /** Returns false when the consumer stopped before the dead letter was acknowledged (the record is redelivered). */
  private async deadLetter(
    record: ConsumedRecord,
    reason: string,
    error: string,
    attempts: number,
    controls: BatchControls,
    span: Span,
  ): Promise<boolean> {
    const deadLetter = toDeadLetter(record, this.options.groupId, { reason, error, attempts });
    span.setStatus({ code: SpanStatusCode.ERROR, message: `dead-lettered (${reason}): ${error}` });
    this.options.logger.error(
      {
        // From the headers: a record that broke the contract may have no readable envelope.
        transactionId: record.headers[EventHeader.transactionId],
        orderId: record.headers[EventHeader.orderId],
        eventType: record.headers[EventHeader.eventType],
        topic: record.topic,
        partition: record.partition,
        offset: record.offset,
        reason,
        error,
        deadLetterTopic: deadLetter.topic,
      },
      'record dead-lettered',
    );
    try {
      await backOff(() => this.options.bus.publish([deadLetter]), {
        numOfAttempts: Number.MAX_SAFE_INTEGER,
        startingDelay: this.options.retry.initialDelayMs,
        maxDelay: this.options.retry.maxDelayMs,
        retry: () => controls.shouldContinue(),
      });
    } catch {
      return false;
    }
    this.options.onDeadLetter?.(record, reason);
    return true;
  }
}
