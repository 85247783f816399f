/** One tumbling window's counts per key; `closed` once stream time has passed its end plus the grace period. */
export interface WindowCount {
  start: number;
  end: number;
  counts: Record<string, number>;
  closed: boolean;
}

export interface TumblingWindowOptions {
  sizeMs: number;
  /** How long after a window's end (in stream time) an out-of-order event is still counted in it. */
  graceMs: number;
  /** Closed windows kept for display, newest first; older ones are forgotten. */
  retainWindows: number;
}

/**
 * A windowed count with Kafka Streams' semantics for `TimeWindows.ofSizeAndGrace(size, grace)`:
 * event-time windows aligned to the epoch, stream time = the highest event time seen so far, and a
 * record whose window ended at or before `streamTime - grace` is dropped as late (and counted as such).
 * Pure and clock-free: time only moves when events arrive, so a replay gives the same answer as live.
 */
export class TumblingWindowCounter {
  private observedStreamTime = Number.NEGATIVE_INFINITY;
  private readonly windows = new Map<number, Map<string, number>>();
  private late = 0;

  constructor(private readonly options: TumblingWindowOptions) {
    if (options.sizeMs <= 0) throw new RangeError('window size must be positive');
  }

  /** Counts one event in its window; false when the window had already closed (a late event, dropped). */
  add(eventTimeMs: number, key: string): boolean {
    this.observedStreamTime = Math.max(this.observedStreamTime, eventTimeMs);
    const start = eventTimeMs - (((eventTimeMs % this.options.sizeMs) + this.options.sizeMs) % this.options.sizeMs);
    if (this.isClosed(start)) {
      this.late++;
      return false;
    }
    const counts = this.windows.get(start) ?? new Map<string, number>();
    counts.set(key, (counts.get(key) ?? 0) + 1);
    this.windows.set(start, counts);
    this.forgetOldWindows();
    return true;
  }

  /** Oldest first. */
  windowCounts(): WindowCount[] {
    return [...this.windows.keys()]
      .sort((a, b) => a - b)
      .map((start) => ({
        start,
        end: start + this.options.sizeMs,
        counts: Object.fromEntries(this.windows.get(start)!),
        closed: this.isClosed(start),
      }));
  }

  /** Whether an event in the window starting here would still be counted (false also for forgotten windows). */
  isClosed(windowStart: number): boolean {
    return windowStart + this.options.sizeMs <= this.observedStreamTime - this.options.graceMs;
  }

  get streamTime(): number {
    return this.observedStreamTime;
  }

  get lateEvents(): number {
    return this.late;
  }

  private forgetOldWindows(): void {
    if (this.windows.size <= this.options.retainWindows) return;
    const starts = [...this.windows.keys()].sort((a, b) => a - b);
    for (const start of starts.slice(0, starts.length - this.options.retainWindows)) {
      // Only closed windows go: an open one can still change and must not vanish from the view.
      if (this.isClosed(start)) this.windows.delete(start);
    }
  }
}
