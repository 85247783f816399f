import { MessageBus, OutgoingRecord } from '../message-bus.port';

/** A MessageBus that keeps what it was asked to publish, and fails the next `failNext` publishes as a broker outage would. */
export class RecordingBus implements MessageBus {
  published: OutgoingRecord[] = [];
  /** Records per publish request, in order. */
  requests: number[] = [];
  failNext = 0;

  async publish(records: OutgoingRecord[]): Promise<void> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('broker unavailable');
    }
    this.requests.push(records.length);
    this.published.push(...records);
  }

  isReachable = async () => true;
  consume = async () => ({ stop: async () => undefined });
  close = async () => undefined;
}

/** The event ids of what `bus` published, in order. */
export function publishedEventIds(bus: RecordingBus): string[] {
  return bus.published.map((record) => JSON.parse(String(record.value)).eventId);
}
