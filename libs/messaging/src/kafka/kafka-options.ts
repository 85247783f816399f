import { ConnectionOptions } from 'node:tls';
import { SASLOptions } from 'kafkajs';

/** How to reach the cluster; every field comes from the service's validated config. */
export interface KafkaConnectionOptions {
  clientId: string;
  brokers: string[];
  /** true: TLS with the system's CAs; an object: TLS with these options (private CA, client certificate). */
  ssl?: boolean | ConnectionOptions;
  sasl?: SASLOptions;
  /** Long-poll upper bound for fetches; the broker answers earlier as soon as records arrive. */
  maxWaitTimeInMs?: number;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  /** Pause after a fetch that held records, before the next fetch (CONSUMER_LINGER_MS); 0 or absent: none. */
  consumerLingerMs?: number;
}
