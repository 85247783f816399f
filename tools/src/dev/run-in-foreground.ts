import { announce, printPrefixed, shout } from './console-output';

export interface ForegroundHooks {
  onOutput: (source: string, line: string) => void;
  onUnexpectedExit: (source: string, code: number | null, signal: NodeJS.Signals | null) => void;
}

export interface Started {
  readyMessage: string;
  stop(): Promise<void>;
}

/**
 * The conventions shared by `npm start`, `npm run infra` and `npm run start:<service>`: children's lines
 * prefixed and coloured, one ready line, SIGINT/SIGTERM/SIGHUP stop everything cleanly and exit 0, a child
 * that exits on its own is reported loudly and takes the rest down with exit code 1. A second signal
 * while stopping (or starting) exits at once; the reaper then kills what is left.
 */
export async function runInForeground(start: (hooks: ForegroundHooks) => Promise<Started>): Promise<void> {
  let phase: 'starting' | 'running' | 'stopping' = 'starting';
  let started: Started | undefined;
  let exitWhenStarted: number | undefined;

  const stopEverything = async (exitCode: number) => {
    if (phase === 'starting') {
      exitWhenStarted ??= exitCode;
      return announce('stopping as soon as start-up settles (signal again to force)');
    }
    if (phase === 'stopping') return;
    phase = 'stopping';
    await started!.stop().catch((error: Error) => shout(`stopping failed: ${error.message}`));
    announce('stopped');
    process.exit(exitCode);
  };

  let signalsSeen = 0;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (++signalsSeen > 1) {
        shout(`${signal} again: exiting without waiting`);
        process.exit(130);
      }
      announce(`${signal}: stopping everything`);
      void stopEverything(0);
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
  };

  try {
    started = await start(hooks);
  } catch (error) {
    shout(`start failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  phase = 'running';
  if (exitWhenStarted !== undefined) return stopEverything(exitWhenStarted);
  announce(started.readyMessage);
}
