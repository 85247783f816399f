import { parseArgs } from 'node:util';
import { TOPIC_SETTINGS } from '@saga/events';
import { ConfigError } from '@saga/messaging';
import { kafkaFromEnv } from '../kafka-from-env';
import { describeOutcome, ensureTopics } from './ensure-topics';
import { planTopics } from './topic-plan';

// `npm run topics [-- --dry-run]`, and the one-shot init container of docker-compose.yml. It uses node's own
// argument parser rather than commander because it runs in the services' image, which carries the services'
// production dependencies only. Connection variables are the services': KAFKA_BROKERS, KAFKA_SSL*, KAFKA_SASL_*.
const USAGE = `usage: topics [--dry-run]
Creates the saga topics and their dead-letter topics declared in libs/events (TOPIC_SETTINGS) when missing.
  --dry-run   print what would be created for a cluster of the given size, without connecting
  --brokers N broker count assumed by --dry-run (default 1)`;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'dry-run': { type: 'boolean' }, brokers: { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) return void console.log(USAGE);
  if (values['dry-run']) {
    const brokers = Number(values.brokers ?? '1');
    if (!Number.isInteger(brokers) || brokers < 1) throw new Error(`--brokers: expected a positive integer, got ${values.brokers}`);
    for (const topic of planTopics(TOPIC_SETTINGS, brokers)) console.log(describeOutcome({ topic, status: 'created' }).replace(/^created/, 'would create'));
    return;
  }
  const admin = kafkaFromEnv('saga-topics').admin();
  await admin.connect();
  try {
    for (const outcome of await ensureTopics(admin, TOPIC_SETTINGS)) console.log(describeOutcome(outcome));
  } finally {
    await admin.disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : `topics: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
