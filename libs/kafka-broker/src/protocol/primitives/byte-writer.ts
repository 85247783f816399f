const TWO_POW_32 = 0x1_0000_0000;
/** Buffers at least this big are referenced, not copied: fetch responses carry whole record batches. */
const BY_REFERENCE_BYTES = 1024;
const MIN_CHUNK_BYTES = 4096;

/**
 * Big-endian writer that produces a list of chunks rather than one buffer, so large payloads
 * (records) go to the socket without being copied into a growing buffer.
 */
export class ByteWriter {
  private readonly chunks: Buffer[] = [];
  private current: Buffer;
  private used = 0;
  private flushed = 0;

  constructor(initialBytes = 256) {
    this.current = Buffer.allocUnsafe(initialBytes);
  }

  get length(): number {
    return this.flushed + this.used;
  }

  int8(value: number): this {
    const at = this.reserve(1);
    this.current.writeInt8(value, at);
    return this;
  }

  int16(value: number): this {
    const at = this.reserve(2);
    this.current.writeInt16BE(value, at);
    return this;
  }

  int32(value: number): this {
    const at = this.reserve(4);
    this.current.writeInt32BE(value, at);
    return this;
  }

  uint32(value: number): this {
    const at = this.reserve(4);
    this.current.writeUInt32BE(value, at);
    return this;
  }

  int64(value: number): this {
    if (!Number.isSafeInteger(value)) throw new RangeError(`int64 value ${value} is not a safe integer`);
    const high = Math.floor(value / TWO_POW_32);
    const at = this.reserve(8);
    this.current.writeInt32BE(high, at);
    this.current.writeUInt32BE(value - high * TWO_POW_32, at + 4);
    return this;
  }

  bool(value: boolean): this {
    const at = this.reserve(1);
    this.current[at] = value ? 1 : 0;
    return this;
  }

  uvarint(value: number): this {
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new RangeError(`uvarint ${value} out of range`);
    let rest = value;
    while (rest >= 0x80) {
      this.byte((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    this.byte(rest);
    return this;
  }

  /** Zig-zag signed varint/varlong. */
  varlong(value: number): this {
    if (!Number.isSafeInteger(value)) throw new RangeError(`varlong ${value} is not a safe integer`);
    let zigzag = value >= 0 ? value * 2 : -value * 2 - 1;
    while (zigzag >= 0x80) {
      this.byte((zigzag % 0x80) | 0x80);
      zigzag = Math.floor(zigzag / 0x80);
    }
    this.byte(zigzag);
    return this;
  }

  varint(value: number): this {
    return this.varlong(value);
  }

  raw(bytes: Buffer): this {
    if (bytes.length >= BY_REFERENCE_BYTES) {
      this.flush();
      this.chunks.push(bytes);
      this.flushed += bytes.length;
    } else if (bytes.length > 0) {
      const at = this.reserve(bytes.length);
      bytes.copy(this.current, at);
    }
    return this;
  }

  utf8(value: string, byteLength: number): this {
    const at = this.reserve(byteLength);
    this.current.write(value, at, byteLength, 'utf8');
    return this;
  }

  /** The written bytes as chunks, in order; their total is `length`. */
  toChunks(): Buffer[] {
    this.flush();
    return this.chunks.slice();
  }

  toBuffer(): Buffer {
    const chunks = this.toChunks();
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, this.flushed);
  }

  private byte(value: number): void {
    const at = this.reserve(1);
    this.current[at] = value;
  }

  /** Returns the offset to write at; read `this.current` only after calling it (it may move on). */
  private reserve(length: number): number {
    if (this.used + length > this.current.length) {
      this.flush();
      this.current = Buffer.allocUnsafe(Math.max(MIN_CHUNK_BYTES, length));
    }
    const at = this.used;
    this.used += length;
    return at;
  }

  private flush(): void {
    if (this.used === 0) return;
    this.chunks.push(this.current.subarray(0, this.used));
    this.flushed += this.used;
    this.current = this.current.subarray(this.used);
    this.used = 0;
  }
}
