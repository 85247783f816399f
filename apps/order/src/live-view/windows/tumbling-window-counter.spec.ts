import { TumblingWindowCounter } from './tumbling-window-counter';

const MINUTE = 60_000;
const T0 = Date.parse('2026-01-01T10:00:00.000Z');
const at = (minutes: number, seconds = 0) => T0 + minutes * MINUTE + seconds * 1000;

const counter = (graceMs = 10_000, retainWindows = 60) => new TumblingWindowCounter({ sizeMs: MINUTE, graceMs, retainWindows });

describe('TumblingWindowCounter', () => {
  it('counts events per key in the epoch-aligned minute their event time falls in', () => {
    const windows = counter();
    windows.add(at(0, 0), 'placed');
    windows.add(at(0, 59.999), 'placed');
    windows.add(at(0, 30), 'confirmed');
    windows.add(at(1, 0), 'placed');

    expect(windows.windowCounts()).toEqual([
      { start: at(0), end: at(1), counts: { placed: 2, confirmed: 1 }, closed: false },
      { start: at(1), end: at(2), counts: { placed: 1 }, closed: false },
    ]);
  });

  it('still counts an out-of-order event in its own window while the grace period lasts', () => {
    const windows = counter(10_000);
    windows.add(at(1, 5), 'placed');
    expect(windows.add(at(0, 50), 'confirmed')).toBe(true);

    expect(windows.windowCounts()[0]).toMatchObject({ start: at(0), counts: { confirmed: 1 }, closed: false });
    expect(windows.lateEvents).toBe(0);
  });

  it('drops and counts an event whose window closed (stream time past end + grace)', () => {
    const windows = counter(10_000);
    windows.add(at(0, 10), 'placed');
    windows.add(at(1, 10), 'placed');

    expect(windows.add(at(0, 20), 'placed')).toBe(false);
    expect(windows.lateEvents).toBe(1);
    expect(windows.windowCounts()[0]).toEqual({ start: at(0), end: at(1), counts: { placed: 1 }, closed: true });
  });

  it('closes a window exactly when stream time reaches its end plus the grace period', () => {
    const windows = counter(10_000);
    windows.add(at(0, 30), 'placed');
    windows.add(at(1, 9.999), 'placed');
    expect(windows.isClosed(at(0))).toBe(false);
    windows.add(at(1, 10), 'placed');
    expect(windows.isClosed(at(0))).toBe(true);
  });

  it('takes stream time from event time only, so a late event never moves it backwards', () => {
    const windows = counter(0);
    windows.add(at(5), 'placed');
    windows.add(at(1), 'placed');
    expect(windows.streamTime).toBe(at(5));
  });

  it('with no grace drops anything older than the current window', () => {
    const windows = counter(0);
    windows.add(at(2, 0), 'placed');
    expect(windows.add(at(1, 59), 'placed')).toBe(false);
    expect(windows.add(at(2, 30), 'placed')).toBe(true);
  });

  it('forgets the oldest closed windows beyond the retention, and an event for one is late', () => {
    const windows = counter(0, 3);
    for (let minute = 0; minute < 6; minute++) windows.add(at(minute), 'placed');

    expect(windows.windowCounts().map((w) => w.start)).toEqual([at(3), at(4), at(5)]);
    expect(windows.add(at(0, 1), 'placed')).toBe(false);
  });

  it('keeps an open window even past the retention', () => {
    const windows = counter(10 * MINUTE, 1);
    windows.add(at(0), 'placed');
    windows.add(at(1), 'placed');
    windows.add(at(2), 'placed');
    expect(windows.windowCounts()).toHaveLength(3);
  });

  it('handles event times before the epoch without misaligning windows', () => {
    const windows = counter();
    windows.add(-1, 'placed');
    expect(windows.windowCounts()[0]).toMatchObject({ start: -MINUTE, end: 0 });
  });
});
