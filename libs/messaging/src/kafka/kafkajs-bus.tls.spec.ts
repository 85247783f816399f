import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect as connectTcp } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, Server } from 'node:tls';
import { Kafka, logLevel } from 'kafkajs';
import { RunningBroker, startBroker } from '@saga/kafka-broker';
import { parseEnv } from '../config/common-env';
import { kafkaConnectionFrom, kafkaEnvSchema } from '../config/kafka-connection';
import { kafkaClientConfig, KafkajsBus } from './kafkajs-bus';

// The embedded broker speaks plaintext only, so a TLS terminator stands in front of it on 127.0.0.2 with the
// broker's port, and the broker advertises 127.0.0.2: every connection kafkajs opens, bootstrap and after
// Metadata, goes through TLS. The terminator demands a client certificate signed by the private CA.
const TLS_HOST = '127.0.0.2';

describe('KafkajsBus over TLS with a private CA and a client certificate', () => {
  let dir: string;
  let broker: RunningBroker;
  let terminator: Server;
  let files: { ca: string; cert: string; key: string };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kafka-tls-'));
    files = { ca: join(dir, 'ca.pem'), cert: join(dir, 'client.pem'), key: join(dir, 'client.key') };
    // One self-signed certificate serves as the CA, the broker's certificate and the client's: enough to prove
    // that each file reaches the TLS handshake.
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=kafka-tls-spec',
      '-addext', `subjectAltName=IP:${TLS_HOST}`, '-keyout', files.key, '-out', files.ca,
    ], { stdio: 'ignore' });
    execFileSync('cp', [files.ca, files.cert]);

    broker = await startBroker({ port: 0, host: TLS_HOST, defaultPartitions: 1, log: () => undefined });
    terminator = createServer(
      { key: readFileSync(files.key), cert: readFileSync(files.ca), ca: [readFileSync(files.ca)], requestCert: true, rejectUnauthorized: true },
      (tlsSocket) => {
        const plain = connectTcp(broker.port, '127.0.0.1');
        tlsSocket.pipe(plain).pipe(tlsSocket);
        plain.on('error', () => tlsSocket.destroy());
        tlsSocket.on('error', () => plain.destroy());
      },
    );
    terminator.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve, reject) => {
      terminator.once('error', reject);
      terminator.listen(broker.port, TLS_HOST, resolve);
    });
  });

  afterAll(async () => {
    await new Promise((resolve) => terminator?.close(resolve));
    await broker?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const connectionFor = (env: NodeJS.ProcessEnv) =>
    kafkaConnectionFrom('tls-spec', parseEnv('tls-spec', kafkaEnvSchema, { KAFKA_BROKERS: `${TLS_HOST}:${broker.port}`, ...env }));

  /** One attempt, no retries: the handshake either succeeds or fails with its reason. */
  const connectOnce = async (env: NodeJS.ProcessEnv) => {
    const admin = new Kafka({ ...kafkaClientConfig(connectionFor(env)), retry: { retries: 0 }, logLevel: logLevel.NOTHING }).admin();
    try {
      await admin.connect();
      await admin.describeCluster();
    } finally {
      await admin.disconnect();
    }
  };

  it('publishes with acks=all when the CA, certificate and key files are set', async () => {
    const bus = new KafkajsBus(
      connectionFor({ KAFKA_SSL_CA_FILE: files.ca, KAFKA_SSL_CERT_FILE: files.cert, KAFKA_SSL_KEY_FILE: files.key }),
    );
    try {
      await expect(bus.publish([{ topic: 'tls-probe', key: 'k', value: 'over TLS' }])).resolves.toBeUndefined();
      await expect(bus.isReachable(5000)).resolves.toBe(true);
    } finally {
      await bus.close();
    }
  });

  it('refuses the broker when the private CA is not configured (system CAs only)', async () => {
    await expect(
      connectOnce({ KAFKA_SSL: 'true', KAFKA_SSL_CERT_FILE: files.cert, KAFKA_SSL_KEY_FILE: files.key }),
    ).rejects.toThrow(/self.signed|unable to verify|certificate/i);
  });

  it('is turned away by a broker that requires a client certificate when none is configured', async () => {
    await expect(connectOnce({ KAFKA_SSL_CA_FILE: files.ca })).rejects.toThrow(/certificate required|socket hang up|ECONNRESET/i);
  });
});
