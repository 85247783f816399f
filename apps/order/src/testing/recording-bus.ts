import { MessageBus, OutgoingRecord } from '@saga/messaging';

/** A MessageBus that keeps what it is asked to publish: tests read the outbox instead of a broker. */
export class RecordingBus implements MessageBus {
  readonly published: OutgoingRecord[] = [];
  async publish(records: OutgoingRecord[]) {
    this.published.push(...records);
  }
  isReachable = async () => true;
  consume = async () => ({ stop: async () => undefined });
  close = async () => undefined;
}
