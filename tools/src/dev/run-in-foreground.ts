import { announce, printPrefixed, shout } from './console-output';

export interface ForegroundHooks {
  onOutput: (source: string, line: string) => void;
  onUnexpectedExit: (source: string, code: number | null, signal: NodeJS.Signals | null) => void;
  /** Aborted by SIGINT/SIGTERM/SIGHUP while starting: stop what has started and reject. */
  signal: AbortSignal;
}

export interface Started {
  readyMessage: string;
  stop(): Promise<void>;
}

/**
 * The conventions shared by `npm start`, `npm run infra` and `npm run start:<service>`: children's lines
 * prefixed and coloured, one ready line, SIGINT/SIGTERM/SIGHUP stop everything cleanly and exit 0, a child
 * that exits on its own is reported loudly and takes the rest down with exit code 1.
 *
 * Repeated signals are ignored rather than taken as "force": Ctrl-C under `npm run` arrives twice (the
 * terminal signals the whole foreground group and npm forwards it again), and every stop is bounded
 * anyway (SIGTERM, then SIGKILL after a grace period).
 */
export async function runInForeground(start: (hooks: ForegroundHooks) => Promise<Started>): Promise<void> {
  let phase: 'starting' | 'running' | 'stopping' = 'starting';
  let started: Started | undefined;
  const aborter = new AbortController();

  const stopEverything = async (exitCode: number) => {
    if (phase !== 'running') return;
    phase = 'stopping';
    await started!.stop().catch((error: Error) => shout(`stopping failed: ${error.message}`));
    announce('stopped');
    process.exit(exitCode);
  };

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (phase === 'stopping' || aborter.signal.aborted) return;
      announce(`${signal}: stopping everything`);
      if (phase === 'starting') aborter.abort();
      else void stopEverything(0);
    });
  }

  const hooks: ForegroundHooks = {
    onOutput: printPrefixed,
    onUnexpectedExit: (source, code, signal) => {
      // During start-up the failed start itself reports the crash, with the log tail.
      if (phase !== 'running') return;
      shout(`${source} exited unexpectedly (${signal ?? `exit code ${code}`}): stopping everything`);
      void stopEverything(1);
    },
    signal: aborter.signal,
  };

  try {
    started = await start(hooks);
  } catch (error) {
    if (aborter.signal.aborted) {
      announce('stopped');
      process.exit(0);
    }
    shout(`start failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  phase = 'running';
  announce(started.readyMessage);
}
