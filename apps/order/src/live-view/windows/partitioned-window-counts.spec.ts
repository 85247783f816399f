import { PartitionedWindowCounts } from './partitioned-window-counts';

const MINUTE = 60_000;
const T0 = Date.parse('2026-01-01T10:00:00.000Z');
const at = (minutes: number, seconds = 0) => T0 + minutes * MINUTE + seconds * 1000;

const counts = () => new PartitionedWindowCounts({ sizeMs: MINUTE, graceMs: 10_000, retainWindows: 60 });

describe('PartitionedWindowCounts', () => {
  it('sums the partitions per window, newest window first', () => {
    const windows = counts();
    windows.add('order/0', at(0, 1), 'placed');
    windows.add('order/1', at(0, 2), 'placed');
    windows.add('order/1', at(1, 2), 'TIMEOUT');

    expect(windows.view().windows.map((w) => [w.start, w.counts])).toEqual([
      [at(1), { TIMEOUT: 1 }],
      [at(0), { placed: 2 }],
    ]);
  });

  it('does not drop a replayed partition\'s old events because another partition was read up to now', () => {
    const windows = counts();
    windows.add('order/0', at(0), 'placed');
    windows.add('order/0', at(30), 'placed');

    expect(windows.add('order/1', at(0, 5), 'confirmed')).toBe(true);
    expect(windows.view().lateEvents).toBe(0);
  });

  it('drops an event late within its own partition and reports it', () => {
    const windows = counts();
    windows.add('order/0', at(5), 'placed');
    expect(windows.add('order/0', at(0), 'placed')).toBe(false);
    expect(windows.view().lateEvents).toBe(1);
  });

  it('shows a window closed only once every partition that counted in it has closed it', () => {
    const windows = counts();
    windows.add('order/0', at(0), 'placed');
    windows.add('order/1', at(0), 'placed');
    windows.add('order/0', at(2), 'placed');
    expect(windows.view().windows.find((w) => w.start === at(0))!.closed).toBe(false);

    windows.add('order/1', at(2), 'placed');
    expect(windows.view().windows.find((w) => w.start === at(0))!.closed).toBe(true);
  });

  it('reports its size and grace so the page can say what it shows', () => {
    expect(counts().view()).toEqual({ sizeMs: MINUTE, graceMs: 10_000, windows: [], lateEvents: 0 });
  });
});
