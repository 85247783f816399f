import { connect, Socket } from 'node:net';
import { decodeResponseFrame } from '../protocol/codec';
import { FrameSplitter } from '../protocol/frame-splitter';
import { ApiMessage, ResponseOf } from '../protocol/schema/api-message';
import { waitFor } from '../testing/wait-for';

/** A bare TCP client for server tests: writes raw bytes, collects whole response frames. */
export class RawClient {
  readonly frames: Buffer[] = [];
  private closedFlag = false;

  private constructor(readonly socket: Socket) {
    const splitter = new FrameSplitter();
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.frames.push(...splitter.push(chunk)));
    socket.on('error', () => undefined); // being reset by the broker is one expected outcome
    socket.on('close', () => (this.closedFlag = true));
  }

  static async connect(port: number, host = '127.0.0.1'): Promise<RawClient> {
    const socket = connect({ host, port });
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    return new RawClient(socket);
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  send(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  async waitForFrames(count: number): Promise<Buffer[]> {
    await waitFor(() => this.frames.length >= count || this.closed, { what: `${count} response frame(s)`, timeoutMs: 5000 });
    if (this.frames.length < count) throw new Error(`connection closed after ${this.frames.length} of ${count} frames`);
    return this.frames.slice(0, count);
  }

  async waitForClose(): Promise<void> {
    await waitFor(() => this.closed, { what: 'the broker to close the connection', timeoutMs: 5000 });
  }

  decode<A extends ApiMessage>(api: A, version: number, frame: Buffer): { correlationId: number; body: ResponseOf<A> } {
    return decodeResponseFrame(api, version, frame);
  }

  close(): void {
    this.socket.destroy();
  }
}
