import { evaluateLagWindow, LagSample, LagWindow, worstStatus } from './lag-evaluation';

/** Samples 10 s apart from (committed offset, lag) pairs. */
const samples = (...points: Array<[number | null, number]>): LagSample[] =>
  points.map(([committedOffset, lag], i) => ({ at: i * 10_000, committedOffset, lag }));

describe('evaluateLagWindow', () => {
  it('is OK while the window is not full, whatever the lag does', () => {
    expect(evaluateLagWindow(samples([5, 10], [5, 20], [5, 40]), 4)).toEqual({ status: 'OK', reason: 'window not full yet' });
  });

  it('is OK when the lag touched zero anywhere in the window', () => {
    expect(evaluateLagWindow(samples([10, 3], [13, 0], [13, 5], [13, 9]), 4).status).toBe('OK');
  });

  it('is OK for a consumer that commits and keeps pace with bursts', () => {
    expect(evaluateLagWindow(samples([10, 4], [20, 7], [35, 2], [40, 6]), 4)).toEqual({ status: 'OK', reason: 'keeping pace' });
  });

  it('is OK when a committing consumer holds a steady lag', () => {
    expect(evaluateLagWindow(samples([10, 5], [20, 5], [30, 5], [40, 5]), 4).status).toBe('OK');
  });

  it('warns when the group commits but the lag never shrinks and ends higher', () => {
    expect(evaluateLagWindow(samples([10, 5], [12, 8], [14, 8], [16, 12]), 4)).toEqual({
      status: 'WARNING',
      reason: 'lag grew from 5 to 12 over the window',
    });
  });

  it('is an error when the group stops committing while the lag grows', () => {
    expect(evaluateLagWindow(samples([10, 5], [10, 9], [10, 9], [10, 14]), 4)).toEqual({
      status: 'ERROR',
      reason: 'no commit over the window while 14 records wait',
    });
  });

  it('is an error when the group stops committing while records wait, even at a fixed lag (a stalled consumer)', () => {
    expect(evaluateLagWindow(samples([10, 5], [10, 5], [10, 5], [10, 5]), 4).status).toBe('ERROR');
  });

  it('is an error for a group that never committed while records pile up', () => {
    expect(evaluateLagWindow(samples([null, 1], [null, 2], [null, 4]), 3).status).toBe('ERROR');
  });

  it('judges only the last windowSize samples', () => {
    const stalledLongAgo = samples([10, 5], [10, 5], [10, 5], [20, 3], [30, 4], [40, 2]);
    expect(evaluateLagWindow(stalledLongAgo, 3).status).toBe('OK');
  });
});

describe('worstStatus', () => {
  it('is the most severe status, OK when there is none', () => {
    expect(worstStatus(['OK', 'ERROR', 'WARNING'])).toBe('ERROR');
    expect(worstStatus(['OK', 'WARNING'])).toBe('WARNING');
    expect(worstStatus([])).toBe('OK');
  });
});

describe('LagWindow', () => {
  it('keeps the last samples and evaluates them once full', () => {
    const window = new LagWindow(3);
    for (const sample of samples([10, 5], [10, 5], [12, 6], [14, 8], [16, 11])) window.add(sample);
    expect(window.evaluate()).toEqual({ status: 'WARNING', reason: 'lag grew from 6 to 11 over the window' });
  });
});
