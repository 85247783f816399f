import { startStack } from '../../tools/src';
import { SagaApi } from '../../e2e/src/support/saga-api';
import { RateSearch, searchMaxRate, SearchOptions } from './max-rate-search';
import { benchCustomers } from './order-mix';
import { BenchTarget, runSagaLoad, SagaRunResult } from './saga-run';
import { SagaOutcomes } from './saga-outcomes';
import { HopLatencies } from './saga-hops';

export interface SagaBenchOptions {
  steadyPerSec: number;
  steadyDurationMs: number;
  warmupDurationMs: number;
  /**
   * Each constant-rate run (steady and search steps) first offers its rate for this long, unmeasured: the step up
   * from an idle stack stalls it for a while (cold code paths, empty batches), which is not the steady state measured.
   */
  leadInMs: number;
  search: Omit<SearchOptions, 'onStep'>;
  customers: number;
  spotChecks: number;
  /** Extra environment for every service (the stack's defaults otherwise). */
  serviceEnv: NodeJS.ProcessEnv;
  log: (line: string) => void;
}

export interface SagaBenchResult {
  maxCompletedPerSec: number;
  steady: SagaRunResult;
  search: RateSearch;
  serviceEnv: NodeJS.ProcessEnv;
}

/**
 * The whole system as real processes on this machine (startStack: broker, three PostgreSQL
 * servers, three services), driven over REST like a client would: a warm-up, a steady run at a
 * fixed rate, then the search for the highest rate it sustains.
 */
export async function runSagaBench(options: SagaBenchOptions): Promise<SagaBenchResult> {
  const { log } = options;
  const env = options.serviceEnv;
  log('starting the stack (broker, 3 x PostgreSQL, 3 services)...');
  const envOf = (service: string) => ({ ...env, SERVICE_NAME: service });
  const stack = await startStack({ env: { order: envOf('order'), inventory: envOf('inventory'), payment: envOf('payment') } });
  let outcomes: SagaOutcomes | undefined;
  try {
    const { order, inventory, payment } = stack.urls;
    outcomes = await SagaOutcomes.watch(stack.kafkaBrokers);
    const target: BenchTarget = {
      api: new SagaApi({ order: order!, inventory: inventory!, payment: payment! }),
      orderUrl: order!,
      outcomes,
      kafkaBrokers: stack.kafkaBrokers,
      customers: benchCustomers(options.customers),
      settleTimeoutMs: 60_000,
      spotChecks: options.spotChecks,
      processes: () => stack.processes(),
      leftovers: [],
    };

    log(`warm-up: 200 orders/s for ${options.warmupDurationMs / 1000} s`);
    await runSagaLoad(target, 200, options.warmupDurationMs);

    log(`steady: ${options.steadyPerSec} orders/s for ${options.leadInMs / 1000} s unmeasured, then ${options.steadyDurationMs / 1000} s measured`);
    const steady = await runSagaLoad(target, options.steadyPerSec, options.steadyDurationMs, { hops: true, leadInMs: options.leadInMs });
    log(describeRun(steady));

    log(`max-rate search: from ${options.search.startPerSec}/s, ${options.search.stepDurationMs / 1000} s per step`);
    const search = await searchMaxRate(target, {
      ...options.search,
      leadInMs: options.leadInMs,
      onStep: (step, sustained) => log(`${describeRun(step)} -> ${sustained ? 'sustained' : 'NOT sustained'}`),
    });
    return { maxCompletedPerSec: search.maxCompletedPerSec, steady, search, serviceEnv: env };
  } finally {
    await outcomes?.stop().catch(() => undefined);
    await stack.stop();
  }
}

export function describeRun(run: SagaRunResult): string {
  const problems = [
    run.errors && `${run.errors} errors (${run.unfinished} not final) ${run.errorSamples.join('; ')}`,
    run.cancelled && `${run.cancelled} cancelled ${JSON.stringify(run.cancelReasons)}`,
    run.backlogAtStart && `started with ${run.backlogAtStart} earlier orders still not final`,
    run.violations.length && `${run.violations.length} invariant violations: ${run.violations.slice(0, 3).join('; ')}`,
  ].filter(Boolean);
  const cpu = Object.entries(run.cpuMsPerSagaByProcess).map(([name, ms]) => `${name} ${ms}`).join(', ');
  return (
    `  offered ${run.offeredPerSec}/s: ${run.confirmed}/${run.placed} confirmed, ${run.completedPerSec}/s, ` +
    `saga p50 ${run.saga.p50Ms} p95 ${run.saga.p95Ms} p99 ${run.saga.p99Ms} max ${run.saga.maxMs} ms, ` +
    `POST p50 ${run.post.p50Ms} p99 ${run.post.p99Ms} ms, ${run.cpuMsPerSaga ?? '?'} ms CPU/saga on ${run.coresBusy ?? '?'} cores (others ${run.otherCoresBusy ?? '?'} cores, stolen ${run.stolenCores ?? '?'}, load ${run.machineLoad})` +
    (problems.length ? ` | ${problems.join(' | ')}` : '') +
    (run.leadIn ? `\n    lead-in of ${run.leadInMs / 1000} s (unmeasured): saga p99 ${run.leadIn.saga.p99Ms} ms, POST p99 ${run.leadIn.post.p99Ms} ms` : '') +
    `\n    CPU ms per saga by process: ${cpu}` +
    (run.hops ? `\n    hops p50 / p99 ms: ${describeHops(run.hops)}` : '')
  );
}

function describeHops(hops: HopLatencies): string {
  return Object.entries(hops)
    .map(([hop, latency]) => `${hop} ${latency.p50Ms} / ${latency.p99Ms}`)
    .join(', ');
}
