import { BenchTarget, runSagaLoad, SagaRunResult } from './saga-run';

export interface SearchOptions {
  startPerSec: number;
  stepDurationMs: number;
  /** Offered, unmeasured, before each step's measured window. */
  leadInMs?: number;
  /** A rate is sustained when every saga confirmed, nothing failed and p99 stayed under this. */
  p99LimitMs: number;
  /** Runs spent narrowing the gap between the last sustained and the first failed rate. */
  refinements: number;
  maxRuns: number;
  onStep?: (step: SagaRunResult, sustained: boolean) => void;
}

export interface RateSearch {
  maxCompletedPerSec: number;
  maxSustainedOfferedPerSec: number;
  p99LimitMs: number;
  steps: (SagaRunResult & { sustained: boolean })[];
}

/**
 * Raises the offered rate by half until a run is not sustained (errors, cancellations, invariant
 * violations, or a p99 beyond the limit: the backlog grew), or halves it until one is, then bisects
 * between the best good and the lowest bad rate. Each run drains completely before the next starts.
 */
export async function searchMaxRate(target: BenchTarget, options: SearchOptions): Promise<RateSearch> {
  const steps: RateSearch['steps'] = [];
  let best: SagaRunResult | undefined;
  let failedAt: number | undefined;
  const tryRate = async (rate: number) => {
    const step = await runSagaLoad(target, rate, options.stepDurationMs, { leadInMs: options.leadInMs });
    const sustained = isSustained(step, options.p99LimitMs);
    steps.push({ ...step, sustained });
    options.onStep?.(step, sustained);
    if (sustained && (!best || step.completedPerSec > best.completedPerSec)) best = step;
    if (!sustained) failedAt = Math.min(failedAt ?? Infinity, rate);
    return sustained;
  };

  const canRun = () => steps.length < options.maxRuns;
  let rate = options.startPerSec;
  if (canRun() && (await tryRate(rate))) {
    for (let sustained = true; sustained && canRun(); ) sustained = await tryRate((rate = roundRate(rate * 1.5)));
  } else {
    // Not even the start rate: halve until a rate is sustained, then bisect upwards from there.
    for (let sustained = false; !sustained && canRun() && rate > MIN_RATE; ) sustained = await tryRate((rate = roundRate(rate / 2)));
  }
  for (let i = 0; i < options.refinements && failedAt !== undefined && canRun(); i++) {
    const low = best?.offeredPerSec ?? 0;
    const middle = roundRate((low + failedAt) / 2);
    if (middle <= low || middle >= failedAt) break;
    await tryRate(middle);
  }
  return {
    maxCompletedPerSec: best?.completedPerSec ?? 0,
    maxSustainedOfferedPerSec: best?.offeredPerSec ?? 0,
    p99LimitMs: options.p99LimitMs,
    steps,
  };
}

export function isSustained(step: SagaRunResult, p99LimitMs: number): boolean {
  return step.errors === 0 && step.cancelled === 0 && step.violations.length === 0 && step.backlogAtStart === 0 && step.saga.p99Ms <= p99LimitMs;
}

const MIN_RATE = 10;
/** Rates on a readable grid: steps of 50 from 100/s, of 10 below. */
const roundRate = (rate: number) => (rate >= 100 ? Math.round(rate / 50) * 50 : Math.max(MIN_RATE, Math.round(rate / 10) * 10));
