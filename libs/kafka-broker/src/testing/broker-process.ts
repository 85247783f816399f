import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The built CLI; the same path resolves from src/testing (jest) and dist/testing (node). */
export const BROKER_CLI_PATH = resolve(__dirname, '../../dist/cli.js');

const READY_LINE = /kafka-broker ready on (\S+):(\d+) \(data: /;

export interface SpawnBrokerOptions {
  /** Absent means in-memory. */
  dataDir?: string;
  /** 0 (default) lets the OS pick; the real port is read back from the ready line. */
  port?: number;
  partitions?: number;
  fsync?: boolean;
  readyTimeoutMs?: number;
}

export interface BrokerProcess {
  readonly host: string;
  readonly port: number;
  /** host:port exactly as the broker advertises it, i.e. what clients must dial. */
  readonly address: string;
  readonly pid: number;
  /** Everything the broker printed so far, stdout and stderr interleaved. */
  output(): string;
  /** SIGKILL: no chance to flush or close anything, like a power cut for the process. */
  kill(): Promise<void>;
  /** SIGTERM and wait; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Starts the broker CLI as a child process and resolves once it has printed its ready line. */
export async function spawnBroker(options: SpawnBrokerOptions = {}): Promise<BrokerProcess> {
  if (!existsSync(BROKER_CLI_PATH)) {
    throw new Error(`${BROKER_CLI_PATH} is missing: run "npm run build" before these tests`);
  }
  const args = [BROKER_CLI_PATH, '--port', String(options.port ?? 0)];
  if (options.dataDir) args.push('--data-dir', options.dataDir);
  if (options.partitions !== undefined) args.push('--partitions', String(options.partitions));
  if (options.fsync) args.push('--fsync');
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  // 'close' rather than 'exit': it comes after stdout and stderr are drained, so output() is complete.
  const exited = new Promise<number | null>((done) => child.once('close', (code) => done(code)));

  const [, host, port] = await waitForReadyLine(child, () => output, exited, options.readyTimeoutMs ?? 15_000);
  const stopWith = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  return {
    host,
    port: Number(port),
    address: `${host}:${port}`,
    pid: child.pid!,
    output: () => output,
    kill: async () => void (await stopWith('SIGKILL')),
    stop: () => stopWith('SIGTERM'),
  };
}

function waitForReadyLine(
  child: ChildProcess,
  output: () => string,
  exited: Promise<number | null>,
  timeoutMs: number,
): Promise<RegExpMatchArray> {
  return new Promise((resolveReady, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`broker printed no ready line within ${timeoutMs} ms:\n${output()}`));
    }, timeoutMs);
    const check = () => {
      const match = READY_LINE.exec(output());
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', check);
      resolveReady(match);
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`broker exited (${code}) before it was ready:\n${output()}`));
    });
  });
}
