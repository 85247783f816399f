import { MalformedRequestError } from '../../errors';

const TWO_POW_32 = 0x1_0000_0000;

/**
 * Sequential big-endian reader over one frame. Every read checks the remaining length first, so a
 * truncated or lying frame becomes a MalformedRequestError instead of a RangeError deep in Buffer.
 * Bytes are returned as views into the frame (no copy): records can be large.
 */
export class ByteReader {
  private offset: number;

  constructor(
    private readonly buffer: Buffer,
    offset = 0,
  ) {
    this.offset = offset;
  }

  get position(): number {
    return this.offset;
  }

  remaining(): number {
    return this.buffer.length - this.offset;
  }

  int8(): number {
    return this.buffer.readInt8(this.take(1));
  }

  int16(): number {
    return this.buffer.readInt16BE(this.take(2));
  }

  int32(): number {
    return this.buffer.readInt32BE(this.take(4));
  }

  uint32(): number {
    return this.buffer.readUInt32BE(this.take(4));
  }

  /** int64 as a JS number; anything outside the safe-integer range cannot be represented exactly. */
  int64(): number {
    const at = this.take(8);
    const value = this.buffer.readInt32BE(at) * TWO_POW_32 + this.buffer.readUInt32BE(at + 4);
    if (!Number.isSafeInteger(value)) throw new MalformedRequestError(`int64 at byte ${at} is outside the safe-integer range`);
    return value;
  }

  bool(): boolean {
    return this.buffer[this.take(1)] !== 0;
  }

  /** Protobuf-style unsigned varint, at most 5 bytes (a uint32), as Kafka's flexible versions use. */
  uvarint(): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.buffer[this.take(1)];
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return value;
    }
    throw new MalformedRequestError('unsigned varint longer than 5 bytes');
  }

  /** Zig-zag signed varint or varlong (up to 10 bytes); values stay numbers within the safe range. */
  varlong(): number {
    let zigzag = 0;
    for (let shift = 0; shift < 70; shift += 7) {
      const byte = this.buffer[this.take(1)];
      zigzag += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) {
        if (!Number.isSafeInteger(zigzag)) throw new MalformedRequestError('varlong outside the safe-integer range');
        return zigzag % 2 === 0 ? zigzag / 2 : -(zigzag + 1) / 2;
      }
    }
    throw new MalformedRequestError('varlong longer than 10 bytes');
  }

  varint(): number {
    return this.varlong();
  }

  /** Raw bytes as a view into the frame. */
  raw(length: number): Buffer {
    const at = this.take(length);
    return this.buffer.subarray(at, at + length);
  }

  utf8(length: number): string {
    const at = this.take(length);
    return this.buffer.toString('utf8', at, at + length);
  }

  /** Skips a flexible-version tag buffer; the broker reads no tagged field of the versions it serves. */
  skipTaggedFields(): void {
    const count = this.uvarint();
    for (let i = 0; i < count; i++) {
      this.uvarint();
      this.raw(this.uvarint());
    }
  }

  private take(length: number): number {
    if (length < 0 || this.offset + length > this.buffer.length) {
      throw new MalformedRequestError(
        `truncated: need ${length} bytes at ${this.offset}, frame has ${this.buffer.length}`,
      );
    }
    const at = this.offset;
    this.offset += length;
    return at;
  }
}
