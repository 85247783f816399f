import { spawn, spawnSync } from 'node:child_process';

export interface CommandResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/**
 * Runs an outside client (kcat, python) to completion. A client that hangs (e.g. waiting for a group
 * rebalance that never completes) is killed at the deadline and reported as timed out instead of
 * stalling the whole test run.
 */
export function runCommand(
  command: string,
  args: string[],
  options: { input?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<CommandResult> {
  const { input, timeoutMs = 20_000, env } = options;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
    child.stdin.on('error', () => undefined); // the child may exit before reading all input
    child.stdin.end(input ?? '');
  });
}

/** Whether `probe` (a shell command line) exits 0; used to find out if an optional client is installed. */
export function probeSucceeds(probe: string): boolean {
  return spawnSync('sh', ['-c', probe], { stdio: 'ignore', timeout: 10_000 }).status === 0;
}

/** Explains a failed command well enough to debug it from the jest output alone. */
export function describeResult(result: CommandResult): string {
  const how = result.timedOut ? 'timed out' : `exited ${result.code ?? result.signal}`;
  return `${how}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`;
}
