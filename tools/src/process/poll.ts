import { request } from 'node:http';

export interface PollOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Checked before each attempt; a reason to give up early (e.g. the process being probed has died). */
  abandon?: () => string | undefined;
}

/** Resolves once `check` returns true; rejects with what went wrong once the deadline has passed. */
export async function pollUntil(what: string, check: () => Promise<boolean>, options: PollOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const reason = options.abandon?.();
    if (reason) throw new Error(`gave up waiting for ${what}: ${reason}`);
    if (await check()) return;
    if (Date.now() >= deadline) throw new Error(`${what} not reached within ${options.timeoutMs} ms`);
    await new Promise((next) => setTimeout(next, options.intervalMs ?? 200));
  }
}

/** Whether GET `url` answers 200 within `timeoutMs`; any error or other status counts as not yet. */
export function answersOk(url: string, timeoutMs = 2_000): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(false));
    req.end();
  });
}
