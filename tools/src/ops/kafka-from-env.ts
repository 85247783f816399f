import { Kafka } from 'kafkajs';
import { kafkaClientConfig, kafkaConnectionFrom, kafkaEnvSchema, parseEnv } from '@saga/messaging';

/**
 * A kafkajs client configured exactly like the services' (KAFKA_BROKERS, TLS files, SASL), so an operator points
 * a command at a cluster with the same variables the services were deployed with.
 */
export function kafkaFromEnv(clientId: string, env: NodeJS.ProcessEnv = process.env): Kafka {
  return new Kafka(kafkaClientConfig(kafkaConnectionFrom(clientId, parseEnv(clientId, kafkaEnvSchema, env))));
}
