import { Command, InvalidArgumentError, Option } from 'commander';
import { ConfigError } from '@saga/messaging';
import { kafkaFromEnv } from '../kafka-from-env';
import { DeadLetter, DeadLetterSummary, summarize } from './dead-letter';
import { readDeadLetters } from './dead-letter-reader';
import { planRedrive, sendRedrive } from './redrive';

// `npm run redrive -- list --topic order.DLT` / `send --topic order.DLT --offset 3 [--offset 7 | --all]`.
// Connects like the services do (KAFKA_BROKERS, KAFKA_SSL*, KAFKA_SASL_*); --brokers overrides KAFKA_BROKERS.

const integer = (name: string) => (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${name} must be a non-negative integer`);
  return Number(value);
};
const integers = (name: string) => (value: string, previous: number[] = []) => [...previous, integer(name)(value)];

function connect(options: { brokers?: string }) {
  return kafkaFromEnv('saga-redrive', options.brokers ? { ...process.env, KAFKA_BROKERS: options.brokers } : process.env);
}

function printTable(rows: DeadLetterSummary[]): void {
  if (rows.length === 0) return void console.log('no dead letters');
  const columns: Array<[string, (r: DeadLetterSummary) => string]> = [
    ['PARTITION/OFFSET', (r) => `${r.partition}/${r.offset}`],
    ['FAILED AT', (r) => r.failedAt],
    ['GROUP', (r) => r.consumerGroup],
    ['REASON', (r) => r.reason],
    ['EVENT', (r) => r.eventType],
    ['ORDER', (r) => r.orderId],
    ['ORIGINAL', (r) => r.original],
    ['ERROR', (r) => r.error.replace(/\s+/g, ' ').slice(0, 100)],
  ];
  const cells = [columns.map(([title]) => title), ...rows.map((row) => columns.map(([, cell]) => cell(row)))];
  const widths = columns.map((_, i) => Math.max(...cells.map((line) => line[i].length)));
  for (const line of cells) console.log(line.map((cell, i) => (i === line.length - 1 ? cell : cell.padEnd(widths[i]))).join('  '));
}

const program = new Command('redrive')
  .description('Lists dead-lettered records and sends chosen ones back to the topic they came from.')
  .showHelpAfterError('(run with --help for usage)');

program
  .command('list')
  .description('list the records of a dead-letter topic with why and where they failed')
  .requiredOption('--topic <name>', 'dead-letter topic, e.g. order.DLT')
  .option('--partition <n>', 'only this partition', integer('--partition'))
  .option('--json', 'one JSON object per line, headers and value included')
  .option('--brokers <list>', 'bootstrap servers (default: KAFKA_BROKERS)')
  .action(async (options: { topic: string; partition?: number; json?: boolean; brokers?: string }) => {
    const records = await readDeadLetters(connect(options), options.topic, { partition: options.partition });
    if (!options.json) return printTable(records.map(summarize));
    for (const record of records) {
      console.log(JSON.stringify({ ...summarize(record), key: record.key, headers: record.headers, value: record.value?.toString('utf8') ?? null }));
    }
  });

program
  .command('send')
  .description('send dead letters back to their original topic, without dlt-* headers and with a redriven-from header')
  .requiredOption('--topic <name>', 'dead-letter topic, e.g. order.DLT')
  .option('--partition <n>', 'partition of the offsets given', integer('--partition'), 0)
  .addOption(new Option('--offset <n>', 'offset to send (repeatable)').argParser(integers('--offset')).conflicts('all'))
  .option('--all', 'send every record of the topic (or of --partition when given)')
  .option('--inbox-retention-days <n>', "the services' INBOX_RETENTION_DAYS: older events are held back", integer('--inbox-retention-days'), 7)
  .option('--force', 'send events older than the inbox retention too (consumers that processed them may do so again)')
  .option('--dry-run', 'print what would be sent, send nothing')
  .option('--brokers <list>', 'bootstrap servers (default: KAFKA_BROKERS)')
  .action(async (options: SendOptions, command: Command) => {
    if (!options.all && !options.offset?.length) command.error('give --offset <n> (repeatable) or --all');
    const kafka = connect(options);
    const partition = options.all && command.getOptionValueSource('partition') === 'default' ? undefined : options.partition;
    const records = await readDeadLetters(kafka, options.topic, { partition });
    const chosen = options.all ? records : pick(records, options.offset!, options.partition, options.topic);
    const plan = planRedrive(chosen, { inboxRetentionDays: options.inboxRetentionDays, force: options.force });
    const where = (d: DeadLetter) => `${d.topic}/${d.partition}/${d.offset}`;
    for (const d of plan.duplicates) console.log(`skipped ${where(d)}: same record as one already selected (dead-lettered by another group)`);
    for (const d of plan.tooOld) console.log(`held back ${where(d)}: older than ${options.inboxRetentionDays} days of inbox retention (--force sends it)`);
    if (!options.dryRun) await sendRedrive(kafka, plan);
    const verb = options.dryRun ? 'would redrive' : 'redriven';
    for (const { deadLetter, topic } of plan.send) {
      console.log(`${verb} ${where(deadLetter)} -> ${topic} (${summarize(deadLetter).eventType}, key ${deadLetter.key ?? 'null'})`);
    }
    if (plan.tooOld.length > 0) process.exitCode = 2;
  });

interface SendOptions {
  topic: string;
  partition: number;
  offset?: number[];
  all?: boolean;
  inboxRetentionDays: number;
  force?: boolean;
  dryRun?: boolean;
  brokers?: string;
}

function pick(records: DeadLetter[], offsets: number[], partition: number, topic: string): DeadLetter[] {
  return offsets.map((offset) => {
    const record = records.find((r) => r.partition === partition && r.offset === String(offset));
    if (!record) throw new Error(`${topic} has no record at partition ${partition}, offset ${offset}`);
    return record;
  });
}

program.parseAsync().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : `redrive: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
