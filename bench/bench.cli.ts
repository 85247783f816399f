/**
 * `npm run bench [-- --quick]`: the saga end to end (open-loop load over REST against the stack as
 * real processes), the broker alone and each service alone; prints a table and writes bench/results/latest.json.
 * Not a test: it has no pass mark, but it fails (exit 1) when any run broke the saga's invariants.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runBrokerThroughputBench } from './broker/broker-throughput';
import { measureHopCost } from './hop-cost';
import { gitCommit, machineInfo } from './machine';
import { BenchReport, formatReport, isContended, isCorrect } from './report';
import { runSagaBench } from './saga/saga-bench';
import { benchServiceEnv } from './service-env';
import { measureServiceCosts } from './service/service-cost';
import { AS_THE_SERVICES, PUBLISH_AFTER_COMMIT, runSkeletonBench, SkeletonRun } from './skeleton/skeleton-bench';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    rate: { type: 'string', default: '500' },
    'p99-limit-ms': { type: 'string', default: '500' },
    'steady-seconds': { type: 'string' },
    /** Seconds each constant-rate run offers its rate before its measured window (0: measure from the step). */
    'lead-in-seconds': { type: 'string' },
    'skip-broker': { type: 'boolean', default: false },
    'skip-search': { type: 'boolean', default: false },
    'skip-services': { type: 'boolean', default: false },
    'skip-skeleton': { type: 'boolean', default: false },
    /** Writes a V8 CPU profile per service (open in Chrome DevTools) for where the time goes. */
    'cpu-prof': { type: 'boolean', default: false },
    /** KEY=VALUE for every service, repeatable: compare settings on one build (e.g. CONSUMER_TRANSACTION_BATCH=1). */
    env: { type: 'string', multiple: true, default: [] },
    out: { type: 'string', default: resolve(__dirname, 'results/latest.json') },
  },
  strict: true,
});

async function main(): Promise<void> {
  const quick = values.quick!;
  const log = (line: string) => console.log(line);
  const git = gitCommit();
  const profileDir = resolve(dirname(values.out!), 'profiles');

  log('cross-process hop: CPU of a loopback round trip, back to back and with the peer idle between messages');
  const hops = await measureHopCost();

  const records = quick ? 20_000 : 100_000;
  log(values['skip-broker'] ? 'broker alone: skipped' : `broker alone: kafkajs against the embedded broker (${records} records)`);
  const broker = values['skip-broker'] ? undefined : await runBrokerThroughputBench({ records });

  const serviceEnv = benchServiceEnv(values.env!, values['cpu-prof'] ? profileDir : undefined);

  const events = quick ? 3_000 : 10_000;
  log(values['skip-services'] ? 'services alone: skipped' : `services alone: each service fed the saga's other events (${events} per step)`);
  const services = values['skip-services'] ? undefined : await measureServiceCosts({ events, serviceEnv, log });

  const leadInMs = 1000 * Number(values['lead-in-seconds'] ?? (quick ? 2 : 5));
  const skeletonRates = [...new Set([Number(values.rate), 1_000])];
  log(values['skip-skeleton'] ? 'skeleton: skipped' : `skeleton: the saga's processes and clients without the services' code, at ${skeletonRates.join(' and ')}/s`);
  let skeleton: SkeletonRun[] | undefined;
  if (!values['skip-skeleton']) {
    skeleton = [];
    for (const variant of [AS_THE_SERVICES, PUBLISH_AFTER_COMMIT]) {
      skeleton.push(...(await runSkeletonBench(variant, skeletonRates, quick ? 3_000 : 10_000, log, leadInMs)));
    }
  }

  const saga = await runSagaBench({
    steadyPerSec: Number(values.rate),
    steadyDurationMs: 1000 * Number(values['steady-seconds'] ?? (quick ? 5 : 30)),
    warmupDurationMs: quick ? 2_000 : 5_000,
    leadInMs,
    search: {
      startPerSec: 500,
      stepDurationMs: quick ? 3_000 : 15_000,
      p99LimitMs: Number(values['p99-limit-ms']),
      refinements: quick ? 0 : 2,
      maxRuns: values['skip-search'] ? 0 : quick ? 5 : 10,
    },
    customers: 1000,
    spotChecks: quick ? 100 : 500,
    serviceEnv,
    log,
  });

  const report: BenchReport = {
    at: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    git,
    machine: machineInfo(),
    hops,
    saga,
    broker,
    services,
    skeleton,
    correct: isCorrect(saga),
    contended: false,
  };
  report.contended = isContended(report);
  mkdirSync(dirname(values.out!), { recursive: true });
  writeFileSync(values.out!, JSON.stringify(report, null, 2) + '\n');
  log('');
  log(formatReport(report));
  if (values['cpu-prof']) log(`CPU profiles of the services in ${profileDir}`);
  log(`\nwritten to ${values.out}`);
  if (!report.correct) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
