#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { startBroker } from './broker';

/** Foreground broker for dev stacks and scripts: one ready line on stdout, logs on stderr. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '9092' },
      host: { type: 'string', default: 'localhost' },
      'data-dir': { type: 'string' },
      partitions: { type: 'string', default: '3' },
      fsync: { type: 'boolean', default: false },
    },
    strict: true,
  });
  // Handlers go in before the ready line: whoever reads that line may signal us right away.
  let stopRequested: string | undefined;
  let stopNow: ((signal: string) => void) | undefined;
  const onSignal = (signal: string) => (stopNow ? stopNow(signal) : (stopRequested ??= signal));
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  process.once('SIGINT', () => onSignal('SIGINT'));

  const broker = await startBroker({
    port: integer('--port', values.port!),
    host: values.host,
    dataDir: values['data-dir'],
    defaultPartitions: integer('--partitions', values.partitions!),
    fsync: values.fsync,
  });
  stopNow = (signal) => {
    process.stderr.write(`[kafka-broker] ${signal}: stopping\n`);
    broker.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`[kafka-broker] stop failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  if (stopRequested) return stopNow(stopRequested);
  process.stdout.write(`kafka-broker ready on ${broker.address} (data: ${values['data-dir'] ?? 'in-memory'})\n`);
}

function integer(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value)) throw new Error(`${flag} must be an integer, got "${text}"`);
  return value;
}

main().catch((error: unknown) => {
  process.stderr.write(`[kafka-broker] failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
