/**
 * `npm run bench [-- --quick]`: the saga end to end (open-loop load over REST against the stack as
 * real processes) and the broker alone; prints a table and writes bench/results/latest.json.
 * Not a test: it has no pass mark, but it fails (exit 1) when any run broke the saga's invariants.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runBrokerThroughputBench } from './broker/broker-throughput';
import { gitCommit, machineInfo } from './machine';
import { BenchReport, formatReport, isCorrect } from './report';
import { runSagaBench } from './saga/saga-bench';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    rate: { type: 'string', default: '500' },
    'p99-limit-ms': { type: 'string', default: '500' },
    out: { type: 'string', default: resolve(__dirname, 'results/latest.json') },
  },
  strict: true,
});

async function main(): Promise<void> {
  const quick = values.quick!;
  const log = (line: string) => console.log(line);
  const git = gitCommit();

  log(`broker alone: kafkajs against the embedded broker (${quick ? 20_000 : 100_000} records)`);
  const broker = await runBrokerThroughputBench({ records: quick ? 20_000 : 100_000 });

  const saga = await runSagaBench({
    steadyPerSec: Number(values.rate),
    steadyDurationMs: quick ? 5_000 : 30_000,
    warmupDurationMs: quick ? 2_000 : 5_000,
    search: {
      startPerSec: 500,
      stepDurationMs: quick ? 3_000 : 15_000,
      p99LimitMs: Number(values['p99-limit-ms']),
      refinements: quick ? 0 : 2,
      maxRuns: quick ? 3 : 10,
    },
    customers: 1000,
    spotChecks: quick ? 100 : 500,
    // Logs at warn: at info each saga writes ~10 lines that this process (the stack's parent) would copy to files.
    serviceEnv: { LOG_LEVEL: 'warn' },
    log,
  });

  const report: BenchReport = {
    at: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    git,
    machine: machineInfo(),
    saga,
    broker,
    correct: isCorrect(saga),
  };
  mkdirSync(dirname(values.out!), { recursive: true });
  writeFileSync(values.out!, JSON.stringify(report, null, 2) + '\n');
  log('');
  log(formatReport(report));
  log(`\nwritten to ${values.out}`);
  if (!report.correct) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
