import { Counter, Registry } from 'prom-client';

/** Counters bumped on the consumer's path: a label lookup and an add, never a query. */
export class MessagingMetrics {
  private readonly inboxDuplicates: Counter<'event_type'>;
  private readonly deadLetters: Counter<'topic' | 'reason'>;

  constructor(registry: Registry) {
    this.inboxDuplicates = new Counter({
      name: 'inbox_duplicates_total',
      help: 'Redelivered events the inbox recognised and skipped (already applied by this service).',
      labelNames: ['event_type'],
      registers: [registry],
    });
    this.deadLetters = new Counter({
      name: 'dead_letters_total',
      help: 'Records sent to <topic>.DLT, by the topic they came from and the reason (contract violation or HANDLER_FAILED).',
      labelNames: ['topic', 'reason'],
      registers: [registry],
    });
  }

  noteDuplicate(eventType: string): void {
    this.inboxDuplicates.inc({ event_type: eventType });
  }

  noteDeadLetter(topic: string, reason: string): void {
    this.deadLetters.inc({ topic, reason });
  }
}
