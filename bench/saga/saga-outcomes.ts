import { Consumer, Kafka, logLevel } from 'kafkajs';
import { EventHeader } from '@saga/events';
import { fixKafkajsIdleLoop } from '@saga/messaging';

// The generator shares the machine with the system it measures: its client must not spin either.
fixKafkajsIdleLoop();

export interface SagaOutcome {
  status: 'CONFIRMED' | 'CANCELLED';
  /** performance.now() when the final event reached this process. */
  seenAt: number;
  totalCents?: number;
  reason?: string;
}

const FINAL_EVENTS: Record<string, SagaOutcome['status']> = { ORDER_CONFIRMED: 'CONFIRMED', ORDER_CANCEL: 'CANCELLED' };

/**
 * Watches the `order` topic the way a downstream consumer would: a saga is complete when its
 * ORDER_CONFIRMED (or ORDER_CANCEL) is readable from Kafka, i.e. committed and published, not
 * merely decided. Records are keyed by orderId; only final events have their value parsed.
 */
export class SagaOutcomes {
  readonly byOrderId = new Map<string, SagaOutcome>();
  private constructor(private readonly consumer: Consumer) {}

  static async watch(brokers: string): Promise<SagaOutcomes> {
    const kafka = new Kafka({ brokers: [brokers], clientId: 'saga-bench', logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: `saga-bench-${process.pid}-${Date.now()}`, maxWaitTimeInMs: 100 });
    const outcomes = new SagaOutcomes(consumer);
    await consumer.connect();
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.subscribe({ topics: ['order'], fromBeginning: true });
    await consumer.run({
      // A fresh group each run that never resumes: committing offsets would only add round trips to the measurement.
      autoCommit: false,
      partitionsConsumedConcurrently: 6,
      eachBatch: async ({ batch }) => {
        const seenAt = performance.now();
        for (const message of batch.messages) {
          const status = FINAL_EVENTS[message.headers?.[EventHeader.eventType]?.toString() ?? ''];
          if (!status || !message.key) continue;
          const { payload } = JSON.parse(message.value!.toString()) as { payload: { totalCents?: number; reason?: string } };
          outcomes.byOrderId.set(message.key.toString(), { status, seenAt, totalCents: payload.totalCents, reason: payload.reason });
        }
      },
    });
    await joined;
    return outcomes;
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}
