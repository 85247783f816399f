import { Socket } from 'node:net';
import { FrameSplitter } from '../protocol/frame-splitter';
import { describeError, RouteOutcome } from './route-outcome';
import { ConnectionInfo, Router } from './router';

/** Stop reading from a client that pipelines this many requests ahead of the one being handled. */
const MAX_QUEUED_FRAMES = 256;
const CLOSE_GRACE_MS = 5000;

/**
 * One client socket. Requests are handled one at a time, in arrival order, and answered in that
 * order (Kafka mutes a channel while a request is in flight; clients rely on the ordering). A long
 * poll therefore holds up this connection only, which is why clients fetch on a connection of their own.
 */
export class Connection {
  private readonly splitter: FrameSplitter;
  private readonly queue: Buffer[] = [];
  private readonly info: ConnectionInfo;
  private inFlight = false;
  private closed = false;
  private uncorkScheduled = false;

  constructor(
    private readonly socket: Socket,
    connectionId: number,
    private readonly router: Router,
    maxFrameBytes: number,
    private readonly log: (msg: string) => void,
  ) {
    this.info = { connectionId, clientHost: socket.remoteAddress ?? 'unknown' };
    this.splitter = new FrameSplitter(maxFrameBytes);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('drain', () => this.processQueue());
    socket.on('error', (error) => this.log(`connection ${connectionId} from ${this.info.clientHost}: ${describeError(error)}`));
    socket.on('close', () => (this.closed = true));
  }

  /** Ends the connection now, dropping whatever was queued (broker shutdown). */
  destroy(): void {
    this.closed = true;
    this.queue.length = 0;
    this.socket.destroy();
  }

  onClose(listener: () => void): void {
    if (this.socket.destroyed) listener();
    else this.socket.once('close', listener);
  }

  private receive(chunk: Buffer): void {
    if (this.closed) return;
    try {
      this.queue.push(...this.splitter.push(chunk));
    } catch (error) {
      this.close(`bad frame (${describeError(error)})`);
      return;
    }
    if (this.queue.length >= MAX_QUEUED_FRAMES) this.socket.pause();
    this.processQueue();
  }

  private processQueue(): void {
    while (!this.inFlight && !this.closed && this.queue.length > 0) {
      // Like Kafka's muted channel: no new request while the client is not reading its answers.
      if (this.socket.writableNeedDrain) return;
      const outcome = this.router.route(this.queue.shift()!, this.info);
      if (outcome instanceof Promise) {
        this.inFlight = true;
        void outcome.then((settled) => {
          this.inFlight = false;
          this.apply(settled);
          this.processQueue();
        });
        return;
      }
      this.apply(outcome);
    }
    if (this.queue.length < MAX_QUEUED_FRAMES / 2 && this.socket.isPaused() && !this.closed) this.socket.resume();
  }

  private apply(outcome: RouteOutcome): void {
    if (this.closed) return;
    if (outcome.kind === 'respond') this.write(outcome.chunks);
    else if (outcome.kind === 'close') this.close(outcome.reason);
  }

  /** Answers produced in the same tick leave in one writev instead of one syscall each. */
  private write(chunks: Buffer[]): void {
    if (!this.uncorkScheduled) {
      this.uncorkScheduled = true;
      this.socket.cork();
      process.nextTick(() => {
        this.uncorkScheduled = false;
        this.socket.uncork();
      });
    }
    for (const chunk of chunks) this.socket.write(chunk);
  }

  /** Answers already written still go out; then the socket is closed for good. */
  private close(reason: string): void {
    this.log(`closing connection ${this.info.connectionId} from ${this.info.clientHost}: ${reason}`);
    this.closed = true;
    this.queue.length = 0;
    this.socket.end(() => this.socket.destroy());
    // A peer that never reads would keep the half-closed socket forever.
    setTimeout(() => this.socket.destroy(), CLOSE_GRACE_MS).unref();
  }
}
