import { BenchTarget, runSagaLoad, SagaRunResult } from './saga-run';

export interface SearchOptions {
  startPerSec: number;
  stepDurationMs: number;
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
 * violations, or a p99 beyond the limit: the backlog grew), then bisects between the last good and
 * the first bad rate. Each run drains completely before the next starts.
 */
export async function searchMaxRate(target: BenchTarget, options: SearchOptions): Promise<RateSearch> {
  const steps: RateSearch['steps'] = [];
  let best: SagaRunResult | undefined;
  let failedAt: number | undefined;
  const tryRate = async (rate: number) => {
    const step = await runSagaLoad(target, rate, options.stepDurationMs);
    const sustained = isSustained(step, options.p99LimitMs);
    steps.push({ ...step, sustained });
    options.onStep?.(step, sustained);
    if (sustained && (!best || step.completedPerSec > best.completedPerSec)) best = step;
    if (!sustained) failedAt = Math.min(failedAt ?? Infinity, rate);
    return sustained;
  };

  let rate = options.startPerSec;
  while (steps.length < options.maxRuns && (await tryRate(rate))) rate = roundRate(rate * 1.5);
  for (let i = 0; i < options.refinements && failedAt !== undefined && steps.length < options.maxRuns; i++) {
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
  return step.errors === 0 && step.cancelled === 0 && step.violations.length === 0 && step.saga.p99Ms <= p99LimitMs;
}

const roundRate = (rate: number) => Math.max(50, Math.round(rate / 50) * 50);
