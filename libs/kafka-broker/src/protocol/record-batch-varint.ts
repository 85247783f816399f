/**
 * Zig-zag varints as records inside a v2 batch use them (protobuf encoding). Values are JS numbers:
 * record fields (lengths, deltas) stay far inside the safe-integer range, so arithmetic instead of
 * bit operations keeps varlongs correct past 32 bits without BigInt.
 */
export class VarintWriter {
  private readonly bytes: number[] = [];

  int8(value: number): this {
    this.bytes.push(value & 0xff);
    return this;
  }

  varint(value: number): this {
    return this.varlong(value);
  }

  varlong(value: number): this {
    let zigzag = value >= 0 ? value * 2 : -value * 2 - 1;
    while (zigzag >= 0x80) {
      this.bytes.push((zigzag % 0x80) | 0x80);
      zigzag = Math.floor(zigzag / 0x80);
    }
    this.bytes.push(zigzag);
    return this;
  }

  /** Length-prefixed bytes; null is written as length -1. */
  varBytes(value: Buffer | null): this {
    if (value === null) return this.varint(-1);
    this.varint(value.length);
    for (const byte of value) this.bytes.push(byte);
    return this;
  }

  toBuffer(): Buffer {
    return Buffer.from(this.bytes);
  }
}

export class VarintReader {
  position = 0;

  constructor(private readonly buffer: Buffer) {}

  int8(): number {
    return this.buffer.readInt8(this.position++);
  }

  varint(): number {
    return this.varlong();
  }

  varlong(): number {
    let zigzag = 0;
    let multiplier = 1;
    for (;;) {
      if (this.position >= this.buffer.length) throw new RangeError('varint runs past the end of the buffer');
      const byte = this.buffer[this.position++];
      zigzag += (byte & 0x7f) * multiplier;
      if (byte < 0x80) break;
      multiplier *= 0x80;
    }
    return zigzag % 2 === 0 ? zigzag / 2 : -(zigzag + 1) / 2;
  }

  varBytes(): Buffer | null {
    const length = this.varint();
    if (length < 0) return null;
    const value = this.buffer.subarray(this.position, this.position + length);
    this.position += length;
    return value;
  }
}
