import { waitFor } from './wait-for';

describe('waitFor', () => {
  it('resolves with the first value that is neither undefined nor false', async () => {
    let calls = 0;

    const value = await waitFor(() => (++calls >= 3 ? `after ${calls}` : undefined), { intervalMs: 1 });

    expect(value).toBe('after 3');
  });

  it('names what it waited for and the last error when the deadline passes', async () => {
    const probe = () => {
      throw new Error('not yet');
    };

    await expect(waitFor(probe, { timeoutMs: 30, intervalMs: 5, what: 'the thing' })).rejects.toThrow(
      'timed out after 30 ms waiting for the thing (last error: not yet)',
    );
  });
});
