import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kafkaClientConfig } from '../kafka/kafkajs-bus';
import { ConfigError, parseEnv } from './common-env';
import { kafkaConnectionFrom, kafkaEnvSchema } from './kafka-connection';

const clientConfigFor = (env: NodeJS.ProcessEnv) =>
  kafkaClientConfig(kafkaConnectionFrom('order-service', parseEnv('order', kafkaEnvSchema, env)));

describe('kafkaConnectionFrom', () => {
  let dir: string;
  const pem = (name: string, body: string) => {
    const path = join(dir, name);
    writeFileSync(path, `-----BEGIN ${body}-----\n${name}\n-----END ${body}-----\n`);
    return path;
  };

  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'kafka-connection-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('connects in plaintext without credentials when nothing is set', () => {
    expect(clientConfigFor({})).toMatchObject({ clientId: 'order-service', brokers: ['localhost:9092'], ssl: false });
    expect(clientConfigFor({}).sasl).toBeUndefined();
  });

  it('hands every bootstrap server to kafkajs', () => {
    expect(clientConfigFor({ KAFKA_BROKERS: 'kafka-1:9093, kafka-2:9093' }).brokers).toEqual(['kafka-1:9093', 'kafka-2:9093']);
  });

  it.each(['plain', 'scram-sha-256', 'scram-sha-512'] as const)('passes SASL %s credentials to kafkajs', (mechanism) => {
    const config = clientConfigFor({
      KAFKA_SSL: 'true',
      KAFKA_SASL_MECHANISM: mechanism,
      KAFKA_SASL_USERNAME: 'order-svc',
      KAFKA_SASL_PASSWORD: 's3cret',
    });
    expect(config.sasl).toEqual({ mechanism, username: 'order-svc', password: 's3cret' });
    expect(config.ssl).toBe(true);
  });

  it('pins a private CA and turns TLS on when KAFKA_SSL_CA_FILE is set', () => {
    const ca = pem('ca.pem', 'CERTIFICATE');
    expect(clientConfigFor({ KAFKA_SSL_CA_FILE: ca }).ssl).toEqual({
      rejectUnauthorized: true,
      ca: [expect.stringContaining('ca.pem')],
    });
  });

  it('presents a client certificate when its certificate and key files are set', () => {
    const ssl = clientConfigFor({
      KAFKA_SSL_CERT_FILE: pem('client.pem', 'CERTIFICATE'),
      KAFKA_SSL_KEY_FILE: pem('client.key', 'PRIVATE KEY'),
    }).ssl;
    expect(ssl).toMatchObject({ cert: expect.stringContaining('client.pem'), key: expect.stringContaining('client.key') });
  });

  it('refuses a SASL mechanism without a username or password instead of connecting unauthenticated', () => {
    expect(() => clientConfigFor({ KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'order-svc' })).toThrow(
      /KAFKA_SASL_PASSWORD: required when KAFKA_SASL_MECHANISM is scram-sha-512/,
    );
    expect(() => clientConfigFor({ KAFKA_SASL_MECHANISM: 'plain' })).toThrow(/KAFKA_SASL_USERNAME/);
  });

  it('refuses credentials without a mechanism', () => {
    expect(() => clientConfigFor({ KAFKA_SASL_USERNAME: 'order-svc', KAFKA_SASL_PASSWORD: 'x' })).toThrow(
      /KAFKA_SASL_MECHANISM: required/,
    );
  });

  it('refuses a client certificate without its key', () => {
    expect(() => clientConfigFor({ KAFKA_SSL_CERT_FILE: pem('lonely.pem', 'CERTIFICATE') })).toThrow(
      /KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE/,
    );
  });

  it('names the variable whose file cannot be read', () => {
    const attempt = () => clientConfigFor({ KAFKA_SSL_CA_FILE: join(dir, 'missing.pem') });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/KAFKA_SSL_CA_FILE: cannot read .*missing\.pem/);
  });

  it('rejects an unknown SASL mechanism by name', () => {
    expect(() => clientConfigFor({ KAFKA_SASL_MECHANISM: 'gssapi' })).toThrow(/KAFKA_SASL_MECHANISM/);
  });
});
