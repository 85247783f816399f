import { MalformedRequestError } from '../errors';

const EMPTY = Buffer.alloc(0);

/** Kafka's socket.request.max.bytes default: anything larger is not a Kafka client talking. */
export const DEFAULT_MAX_FRAME_BYTES = 100 * 1024 * 1024;

/**
 * Cuts a TCP byte stream into Kafka frames (int32 size, then that many bytes). A chunk may hold
 * several frames, and a frame may arrive in many chunks; partial chunks are kept as a list and
 * joined once per frame, so a large frame arriving in small pieces is not copied over and over.
 */
export class FrameSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Size of the frame being assembled, once its 4-byte prefix has arrived. */
  private expected = -1;

  constructor(private readonly maxFrameBytes = DEFAULT_MAX_FRAME_BYTES) {}

  /** Frames completed by this chunk, without their size prefix. Throws on an impossible size. */
  push(chunk: Buffer): Buffer[] {
    const frames: Buffer[] = [];
    const data = this.pendingBytes > 0 ? this.take(chunk) : chunk;
    let offset = 0;
    for (;;) {
      const available = data.length - offset;
      if (this.expected < 0) {
        if (available < 4) break;
        this.expected = this.checkedSize(data.readInt32BE(offset));
        offset += 4;
        continue;
      }
      if (available < this.expected) break;
      frames.push(data.subarray(offset, offset + this.expected));
      offset += this.expected;
      this.expected = -1;
    }
    if (offset < data.length) this.keep(data.subarray(offset));
    return frames;
  }

  /** Bytes received but not yet part of a complete frame. */
  get buffered(): number {
    return this.pendingBytes;
  }

  private take(chunk: Buffer): Buffer {
    const needed = this.expected < 0 ? 4 : this.expected;
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes < needed) return EMPTY;
    const joined = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    return joined;
  }

  private keep(rest: Buffer): void {
    this.pending = [rest];
    this.pendingBytes = rest.length;
  }

  private checkedSize(size: number): number {
    if (size < 0 || size > this.maxFrameBytes) {
      throw new MalformedRequestError(`frame size ${size} outside 0..${this.maxFrameBytes}`);
    }
    return size;
  }
}
