import { createInterface } from 'node:readline';

/**
 * Orphan reaper: started detached (its own process group) by whoever launches the stack, it reads
 * `watch <pid>` and `forget <pid>` lines on stdin. The parent never closes that pipe while it lives, so
 * end-of-input means the parent is gone (exited, crashed or SIGKILLed). Then every watched process
 * group gets SIGTERM, a grace period to shut down cleanly, and SIGKILL.
 */
const GRACE_MS = Number(process.env.REAPER_GRACE_MS ?? 10_000);
const POLL_MS = 100;
const watched = new Set<number>();

createInterface({ input: process.stdin })
  .on('line', (line) => {
    const [verb, value] = line.trim().split(/\s+/);
    const pid = Number(value);
    if (!Number.isInteger(pid) || pid <= 0) return;
    if (verb === 'watch') watched.add(pid);
    if (verb === 'forget') watched.delete(pid);
  })
  .on('close', () => void reap());

async function reap(): Promise<void> {
  for (const pid of watched) signal(pid, 'SIGTERM');
  const deadline = Date.now() + GRACE_MS;
  while ([...watched].some(isAlive) && Date.now() < deadline) {
    await new Promise((next) => setTimeout(next, POLL_MS));
  }
  // The whole group, not just the leader: a child the leader started (postgres) must not outlive it.
  for (const pid of watched) signal(-pid, 'SIGKILL');
  process.exit(0);
}

function signal(target: number, name: NodeJS.Signals): void {
  try {
    process.kill(target, name);
  } catch {
    // already gone
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
