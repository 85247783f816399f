import { readFileSync } from 'node:fs';
import { ConnectionOptions } from 'node:tls';
import { SASLOptions } from 'kafkajs';
import { CommonEnv, commonEnvSchema, ConfigError } from './common-env';
import { KafkaConnectionOptions } from '../kafka/kafka-options';

/** The variables that say how to reach the cluster, for tools that talk to Kafka but own no database. */
export const kafkaEnvSchema = commonEnvSchema.pick({
  KAFKA_BROKERS: true,
  KAFKA_SSL: true,
  KAFKA_SSL_CA_FILE: true,
  KAFKA_SSL_CERT_FILE: true,
  KAFKA_SSL_KEY_FILE: true,
  KAFKA_SASL_MECHANISM: true,
  KAFKA_SASL_USERNAME: true,
  KAFKA_SASL_PASSWORD: true,
});

export type KafkaEnv = Pick<CommonEnv, keyof typeof kafkaEnvSchema.shape>;

/**
 * Maps the environment onto the client's connection options. Half-configured security is refused rather
 * than dropped: a mechanism without credentials, or a certificate without its key, would otherwise connect
 * without the protection the operator asked for (or fail later with a less helpful broker error).
 */
export function kafkaConnectionFrom(clientId: string, env: KafkaEnv): KafkaConnectionOptions {
  return { clientId, brokers: env.KAFKA_BROKERS, ssl: sslFrom(clientId, env), sasl: saslFrom(clientId, env) };
}

function saslFrom(clientId: string, env: KafkaEnv): SASLOptions | undefined {
  const { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password } = env;
  if (!mechanism) {
    if (username || password) {
      throw new ConfigError(clientId, ['KAFKA_SASL_MECHANISM: required when KAFKA_SASL_USERNAME or KAFKA_SASL_PASSWORD is set']);
    }
    return undefined;
  }
  const missing = [
    ...(username ? [] : ['KAFKA_SASL_USERNAME']),
    ...(password ? [] : ['KAFKA_SASL_PASSWORD']),
  ].map((name) => `${name}: required when KAFKA_SASL_MECHANISM is ${mechanism}`);
  if (missing.length > 0) throw new ConfigError(clientId, missing);
  return { mechanism, username: username!, password: password! };
}

function sslFrom(clientId: string, env: KafkaEnv): boolean | ConnectionOptions {
  const { KAFKA_SSL_CA_FILE: caFile, KAFKA_SSL_CERT_FILE: certFile, KAFKA_SSL_KEY_FILE: keyFile } = env;
  if (!caFile && !certFile && !keyFile) return env.KAFKA_SSL;
  if (Boolean(certFile) !== Boolean(keyFile)) {
    throw new ConfigError(clientId, ['KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE: set both or neither']);
  }
  const read = (variable: string, path: string): string => {
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      throw new ConfigError(clientId, [`${variable}: cannot read ${path} (${(error as Error).message})`]);
    }
  };
  // The system CAs are replaced, not extended, by `ca`: that is what pinning a private CA means.
  return {
    rejectUnauthorized: true,
    ...(caFile ? { ca: [read('KAFKA_SSL_CA_FILE', caFile)] } : {}),
    ...(certFile ? { cert: read('KAFKA_SSL_CERT_FILE', certFile) } : {}),
    ...(keyFile ? { key: read('KAFKA_SSL_KEY_FILE', keyFile) } : {}),
  };
}
