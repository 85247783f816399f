import { ChildProcess, spawn } from 'node:child_process';
import { Socket } from 'node:net';
import { builtToolsScript } from './built-script';

/**
 * Makes child processes die with this process, however it ends. A detached reaper process (see
 * reaper.cli.ts) kills every watched process group when our end of its stdin pipe closes, which the
 * kernel does even on SIGKILL. A synchronous `exit` hook covers process.exit() without waiting for it.
 */
export class Reaper {
  private readonly watched = new Set<number>();
  private readonly killOnExit = () => {
    for (const pid of this.watched) killGroup(pid);
  };

  private constructor(private readonly child: ChildProcess) {
    process.on('exit', this.killOnExit);
  }

  static start(): Reaper {
    const child = spawn(process.execPath, [builtToolsScript('process/reaper.cli.js')], {
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    // Neither the reaper nor the pipe to it may keep this process alive.
    child.unref();
    (child.stdin as unknown as Socket).unref();
    child.stdin!.on('error', () => undefined);
    return new Reaper(child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  watch(pid: number): void {
    this.watched.add(pid);
    this.child.stdin!.write(`watch ${pid}\n`);
  }

  forget(pid: number): void {
    this.watched.delete(pid);
    this.child.stdin!.write(`forget ${pid}\n`);
  }

  /** Ends the reaper; whatever is still watched then gets the same treatment as on a crash. */
  close(): void {
    process.off('exit', this.killOnExit);
    this.child.stdin!.end();
  }
}

export function killGroup(pid: number, signal: NodeJS.Signals = 'SIGKILL'): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // group already empty
  }
}
