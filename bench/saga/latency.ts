export interface LatencySummary {
  count: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Exact nearest-rank percentiles: a run holds at most a few hundred thousand samples, so sorting them is cheap. */
export function summarize(samplesMs: number[]): LatencySummary {
  const sorted = Float64Array.from(samplesMs).sort();
  const at = (p: number) => (sorted.length === 0 ? NaN : round1(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]));
  return { count: sorted.length, p50Ms: at(0.5), p95Ms: at(0.95), p99Ms: at(0.99), maxMs: at(1) };
}

export const round1 = (n: number) => Math.round(n * 10) / 10;
