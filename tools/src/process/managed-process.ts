import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { LineTail } from './line-tail';
import { pollUntil } from './poll';
import { killGroup, Reaper } from './reaper';

/** A process is ready when it prints a matching line, or when a probe (e.g. GET /health) succeeds. */
export type Readiness = { line: RegExp } | { probe: () => Promise<boolean> };

export interface ManagedProcessSpec {
  name: string;
  command: string;
  args: readonly string[];
  /** Added to this process's environment. */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** stdout and stderr are appended here, across restarts. */
  logFile: string;
  readiness: Readiness;
  readyTimeoutMs: number;
  /** How long SIGTERM gets before SIGKILL. */
  stopTimeoutMs?: number;
  onOutput?: (name: string, line: string) => void;
  /** Any exit that neither kill() nor stop() asked for, including a crash during start. */
  onUnexpectedExit?: (name: string, code: number | null, signal: NodeJS.Signals | null) => void;
  reaper?: Reaper;
}

export interface ProcessHandle {
  readonly name: string;
  readonly pid: number | undefined;
  readonly running: boolean;
  readonly logFile: string;
  /** Sends `signal` and resolves once the process has exited. SIGKILL takes its whole process group. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Stops the process if it runs, starts it again and waits until it is ready. */
  restart(): Promise<void>;
}

/** A real child process in its own process group, logged to a file, started and stopped deliberately. */
export class ManagedProcess implements ProcessHandle {
  private child?: ChildProcess;
  private exited?: Promise<void>;
  private expectingExit = false;
  private log?: WriteStream;
  private tail = new LineTail(40);
  private lastReadyMatch?: RegExpMatchArray;

  constructor(private readonly spec: ManagedProcessSpec) {}

  get name(): string {
    return this.spec.name;
  }
  get logFile(): string {
    return this.spec.logFile;
  }
  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }
  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }
  /** The ready line's match, for readiness by line (e.g. to read the port a process reports). */
  get readyMatch(): RegExpMatchArray | undefined {
    return this.lastReadyMatch;
  }

  async start(): Promise<void> {
    if (this.running) throw new Error(`${this.name} is already running`);
    this.expectingExit = false;
    this.tail = new LineTail(40);
    this.lastReadyMatch = undefined;
    const child = this.spawnChild();
    try {
      await this.waitUntilReady(child);
    } catch (error) {
      this.expectingExit = true;
      killGroup(child.pid!, 'SIGKILL');
      await this.exited;
      throw new Error(
        `${this.name} failed to start: ${(error as Error).message}\n` +
          `--- last output of ${this.name} (full log: ${this.logFile}) ---\n${this.tail.text()}`,
      );
    }
  }

  async kill(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (!this.running) return;
    this.expectingExit = true;
    if (signal === 'SIGKILL') killGroup(this.child!.pid!, signal);
    else this.child!.kill(signal);
    await this.waitForExit(this.spec.stopTimeoutMs ?? 15_000, `exit after ${signal}`);
  }

  /** SIGTERM, then SIGKILL for the whole group if the grace period runs out. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.expectingExit = true;
    this.child!.kill('SIGTERM');
    const graceful = await this.waitForExit(this.spec.stopTimeoutMs ?? 15_000, 'exit after SIGTERM').then(
      () => true,
      () => false,
    );
    if (!graceful) killGroup(this.child!.pid!, 'SIGKILL');
    await this.exited;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  private spawnChild(): ChildProcess {
    mkdirSync(dirname(this.logFile), { recursive: true });
    this.log = createWriteStream(this.logFile, { flags: 'a' });
    this.log.write(`--- ${new Date().toISOString()} starting ${this.spec.command} ${this.spec.args.join(' ')}\n`);
    // detached: a process group of its own, so Ctrl-C in a terminal reaches only the launcher (which stops
    // children in order) and SIGKILL can take the child together with anything it started.
    const child = spawn(this.spec.command, [...this.spec.args], {
      cwd: this.spec.cwd,
      env: { ...process.env, ...this.spec.env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const log = this.log;
    this.exited = new Promise((resolve) => {
      child.once('close', (code, signal) => {
        if (child.pid) {
          // Whatever is left in the group lost its parent (e.g. postgres under a crashed supervisor). The
          // group id cannot have been reused while it still has members, so this hits nothing else.
          killGroup(child.pid, 'SIGKILL');
          this.spec.reaper?.forget(child.pid);
        }
        log.end(`--- exited (${signal ?? code})\n`);
        if (!this.expectingExit) this.spec.onUnexpectedExit?.(this.name, code, signal);
        resolve();
      });
    });
    child.once('error', (error) => this.record(`spawn failed: ${error.message}`));
    if (child.pid) this.spec.reaper?.watch(child.pid);
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => this.record(line));
    }
    return child;
  }

  private record(line: string): void {
    this.log?.write(`${line}\n`);
    this.tail.push(`${line}\n`);
    this.spec.onOutput?.(this.name, line);
    if ('line' in this.spec.readiness && !this.lastReadyMatch) {
      this.lastReadyMatch = this.spec.readiness.line.exec(line) ?? undefined;
    }
  }

  private waitUntilReady(child: ChildProcess): Promise<void> {
    const readiness = this.spec.readiness;
    const check = 'line' in readiness ? async () => this.lastReadyMatch !== undefined : readiness.probe;
    return pollUntil(`${this.name} ready`, check, {
      timeoutMs: this.spec.readyTimeoutMs,
      intervalMs: 'line' in readiness ? 50 : 250,
      abandon: () => (child.exitCode !== null || child.signalCode !== null ? `exited (${child.signalCode ?? child.exitCode})` : undefined),
    });
  }

  private async waitForExit(timeoutMs: number, what: string): Promise<void> {
    await pollUntil(`${this.name} ${what}`, async () => !this.running, { timeoutMs, intervalMs: 50 });
    await this.exited;
  }
}
