import { resolve } from 'node:path';
import { startStack } from '../../tools/src';
import { LatencySummary, summarize } from '../saga/latency';
import { offerOrders, splitAtLeadIn } from '../saga/open-loop';
import { benchCustomers, randomOrder } from '../saga/order-mix';
import { componentCpu, confirmations, perSaga, settle } from '../saga/saga-run';
import { SagaOutcomes } from '../saga/saga-outcomes';

/** How events leave a service: `relay` as the real services (outbox read back after a linger), or `after-commit`. */
export interface SkeletonVariant {
  publish: 'relay' | 'after-commit';
  /** Pause after a fetch that held records, and the relay's before it reads the outbox (the services' default: 5). */
  lingerMs: number;
}

export const AS_THE_SERVICES: SkeletonVariant = { publish: 'relay', lingerMs: 5 };
export const PUBLISH_AFTER_COMMIT: SkeletonVariant = { publish: 'after-commit', lingerMs: 0 };

export interface SkeletonRun {
  variant: SkeletonVariant;
  offeredPerSec: number;
  /** Offered at the same rate before the measured window (saga-run.ts): its sagas count for errors only. */
  leadInMs: number;
  /** Placed and confirmed in the measured window. */
  placed: number;
  confirmed: number;
  /** POSTs not answered 202, and accepted sagas not confirmed within a minute of the last offer, lead-in included. */
  errors: number;
  errorSamples: string[];
  completedPerSec: number;
  saga: LatencySummary;
  /** The lead-in's saga latency: the step up from the previous rate. */
  leadInSaga?: LatencySummary;
  cpuMsPerSaga: number;
  cpuMsPerSagaByProcess: Record<string, number>;
}

const SERVICES = ['order', 'inventory', 'payment'] as const;
const ENTRY = resolve(__dirname, 'skeleton-service.cjs');

/**
 * The saga's skeleton (skeleton-service.ts) as real processes, as many as the real stack: the embedded
 * broker, three PostgreSQL servers, three bare services and this generator, driven by the same open-loop
 * POSTs and watched by the same downstream consumer. What it costs per saga is the floor under the real
 * services on this machine: the part no framework choice can remove.
 */
export async function runSkeletonBench(
  variant: SkeletonVariant,
  rates: number[],
  durationMs: number,
  log: (line: string) => void,
  leadInMs = 0,
): Promise<SkeletonRun[]> {
  const env = { PUBLISH: variant.publish, LINGER_MS: String(variant.lingerMs) };
  const stack = await startStack({
    services: SERVICES,
    serviceEntry: Object.fromEntries(SERVICES.map((name) => [name, ENTRY])),
    env: Object.fromEntries(SERVICES.map((name) => [name, { ...env, SERVICE_NAME: name }])),
    brokerArgs: ['--partitions', '6'],
  });
  const outcomes = await SagaOutcomes.watch(stack.kafkaBrokers);
  try {
    const run = (rate: number, ms: number, leadIn: number) => runAt(variant, rate, leadIn, ms, stack.urls.order!, outcomes, () => stack.processes());
    log(`skeleton (${describeVariant(variant)}) warm-up: 200 orders/s for 5 s`);
    await run(200, 5_000, 0);
    const runs: SkeletonRun[] = [];
    for (const rate of rates) {
      const result = await run(rate, durationMs, leadInMs);
      log(describeSkeletonRun(result));
      runs.push(result);
    }
    return runs;
  } finally {
    await outcomes.stop().catch(() => undefined);
    await stack.stop();
  }
}

async function runAt(
  variant: SkeletonVariant,
  offeredPerSec: number,
  leadInMs: number,
  durationMs: number,
  orderUrl: string,
  outcomes: SagaOutcomes,
  processes: () => { name: string; pid?: number }[],
): Promise<SkeletonRun> {
  const customers = benchCustomers(1_000);
  const before = componentCpu(processes);
  const placed = await offerOrders({ orderUrl, ratePerSec: offeredPerSec, durationMs: leadInMs + durationMs, nextOrder: () => randomOrder(customers) });
  const accepted = placed.filter((p) => p.orderId);
  await settle(outcomes, accepted, 60_000);
  const byProcess = perSaga(before, componentCpu(processes), accepted.length);

  const { ledIn, measured } = splitAtLeadIn(placed, leadInMs);
  const confirmed = confirmations(measured, outcomes);
  const ledInConfirmed = confirmations(ledIn, outcomes);
  const lastSeenAt = Math.max(...confirmed.map((c) => c.seenAt));
  return {
    variant,
    offeredPerSec,
    leadInMs,
    placed: measured.length,
    confirmed: confirmed.length,
    errors: placed.length - confirmed.length - ledInConfirmed.length,
    errorSamples: [...new Set(placed.flatMap((p) => p.error ?? []))].slice(0, 3),
    completedPerSec: Math.round(confirmed.length / ((lastSeenAt - measured[0].scheduledAt) / 1000)),
    saga: summarize(confirmed.map((c) => c.latencyMs)),
    leadInSaga: leadInMs > 0 ? summarize(ledInConfirmed.map((c) => c.latencyMs)) : undefined,
    cpuMsPerSaga: Math.round(Object.values(byProcess).reduce((sum, ms) => sum + ms, 0) * 100) / 100,
    cpuMsPerSagaByProcess: byProcess,
  };
}

export function describeSkeletonRun(run: SkeletonRun): string {
  const cpu = Object.entries(run.cpuMsPerSagaByProcess).map(([name, ms]) => `${name} ${ms}`).join(', ');
  return (
    `skeleton (${describeVariant(run.variant)}) ${run.offeredPerSec}/s offered: ${run.confirmed}/${run.placed} confirmed, ${run.completedPerSec}/s, ` +
    (run.errors ? `${run.errors} errors ${run.errorSamples.join('; ')}, ` : '') +
    `saga p50 ${run.saga.p50Ms} ms p99 ${run.saga.p99Ms} ms` +
    (run.leadInSaga ? ` (after ${run.leadInMs / 1000} s at that rate; lead-in p99 ${run.leadInSaga.p99Ms} ms)` : '') +
    `, CPU ${run.cpuMsPerSaga} ms/saga (${cpu})`
  );
}

export function describeVariant(variant: SkeletonVariant): string {
  return `${variant.publish === 'relay' ? 'outbox relay' : 'publish after commit'}, linger ${variant.lingerMs} ms`;
}
