/** Burrow's vocabulary: OK, WARNING (falling behind), ERROR (stalled). */
export type LagStatus = 'OK' | 'WARNING' | 'ERROR';

export const LAG_STATUSES: readonly LagStatus[] = ['OK', 'WARNING', 'ERROR'];

/** One look at a partition: the group's committed offset (null: never committed) and how far behind the log end it was. */
export interface LagSample {
  at: number;
  committedOffset: number | null;
  lag: number;
}

export interface LagEvaluation {
  status: LagStatus;
  reason: string;
}

/**
 * Judges one partition from its last `windowSize` samples (oldest first), after Burrow's rules, because a
 * lag threshold alone cannot tell a busy consumer from a dead one:
 * - a window not yet full is not judged (OK): a restart must not page anyone;
 * - lag 0 anywhere in the window: the consumer caught up, OK;
 * - the committed offset never moved while records waited and the lag did not shrink: the group stopped
 *   committing (crashed, stuck retrying, rebalancing forever), ERROR;
 * - it commits, but the lag never shrank between two samples and ended higher: it is falling behind, WARNING;
 * - otherwise OK (lag that goes up and down is a consumer keeping pace with bursts).
 */
export function evaluateLagWindow(samples: readonly LagSample[], windowSize: number): LagEvaluation {
  if (samples.length < windowSize) return { status: 'OK', reason: 'window not full yet' };
  const window = samples.slice(-windowSize);
  if (window.some((sample) => sample.lag === 0)) return { status: 'OK', reason: 'caught up within the window' };

  const first = window[0];
  const last = window[window.length - 1];
  const neverShrank = window.every((sample, i) => i === 0 || sample.lag >= window[i - 1].lag);
  if (last.committedOffset === first.committedOffset && neverShrank) {
    return { status: 'ERROR', reason: `no commit over the window while ${last.lag} records wait` };
  }
  if (neverShrank && last.lag > first.lag) {
    return { status: 'WARNING', reason: `lag grew from ${first.lag} to ${last.lag} over the window` };
  }
  return { status: 'OK', reason: 'keeping pace' };
}

/** The group's status is its worst partition's. */
export function worstStatus(statuses: Iterable<LagStatus>): LagStatus {
  let worst: LagStatus = 'OK';
  for (const status of statuses) {
    if (LAG_STATUSES.indexOf(status) > LAG_STATUSES.indexOf(worst)) worst = status;
  }
  return worst;
}

/** The last `size` samples of one partition. */
export class LagWindow {
  private readonly recent: LagSample[] = [];

  constructor(private readonly size: number) {}

  add(sample: LagSample): void {
    this.recent.push(sample);
    if (this.recent.length > this.size) this.recent.shift();
  }

  evaluate(): LagEvaluation {
    return evaluateLagWindow(this.recent, this.size);
  }
}
