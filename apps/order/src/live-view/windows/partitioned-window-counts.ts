import { TumblingWindowCounter, TumblingWindowOptions, WindowCount } from './tumbling-window-counter';

export interface WindowedCountsView {
  sizeMs: number;
  graceMs: number;
  /** Newest first. A window is `closed` once every partition that counted in it has closed it. */
  windows: WindowCount[];
  /** Events dropped because their window had closed in their partition's stream time. */
  lateEvents: number;
}

/**
 * One TumblingWindowCounter per source partition, summed for display. Stream time is kept per
 * partition as a Kafka Streams task does: a partition replayed from an hour ago must not find its
 * windows closed by another partition that has already been read up to now. Within a partition,
 * records are in produce order, so only genuinely late events are dropped.
 */
export class PartitionedWindowCounts {
  private readonly counters = new Map<string, TumblingWindowCounter>();

  constructor(private readonly options: TumblingWindowOptions) {}

  add(partition: string, eventTimeMs: number, key: string): boolean {
    let counter = this.counters.get(partition);
    if (!counter) {
      counter = new TumblingWindowCounter(this.options);
      this.counters.set(partition, counter);
    }
    return counter.add(eventTimeMs, key);
  }

  view(): WindowedCountsView {
    const merged = new Map<number, WindowCount>();
    for (const counter of this.counters.values()) {
      for (const window of counter.windowCounts()) {
        const into = merged.get(window.start) ?? { start: window.start, end: window.end, counts: {}, closed: true };
        for (const [key, count] of Object.entries(window.counts)) into.counts[key] = (into.counts[key] ?? 0) + count;
        into.closed &&= window.closed;
        merged.set(window.start, into);
      }
    }
    const windows = [...merged.values()].sort((a, b) => b.start - a.start).slice(0, this.options.retainWindows);
    const lateEvents = [...this.counters.values()].reduce((sum, counter) => sum + counter.lateEvents, 0);
    return { sizeMs: this.options.sizeMs, graceMs: this.options.graceMs, windows, lateEvents };
  }
}
