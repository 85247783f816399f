import { MalformedRequestError } from '../../errors';
import { ByteReader } from './byte-reader';
import { ByteWriter } from './byte-writer';

describe('ByteWriter and ByteReader', () => {
  it('round-trips fixed-width integers and booleans at their limits', () => {
    const writer = new ByteWriter(4);
    writer.int8(-128).int16(32767).int32(-2147483648).uint32(0xffffffff).bool(true).bool(false);
    writer.int64(Number.MAX_SAFE_INTEGER).int64(-Number.MAX_SAFE_INTEGER).int64(-1).int64(0x1_0000_0000);
    const reader = new ByteReader(writer.toBuffer());
    expect([reader.int8(), reader.int16(), reader.int32(), reader.uint32(), reader.bool(), reader.bool()]).toEqual([
      -128, 32767, -2147483648, 0xffffffff, true, false,
    ]);
    expect([reader.int64(), reader.int64(), reader.int64(), reader.int64()]).toEqual([
      Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, -1, 0x1_0000_0000,
    ]);
    expect(reader.remaining()).toBe(0);
  });

  it('writes int64 big-endian two-complement like Kafka', () => {
    expect(new ByteWriter().int64(-2).toBuffer().toString('hex')).toBe('fffffffffffffffe');
    expect(new ByteWriter().int64(258).toBuffer().toString('hex')).toBe('0000000000000102');
  });

  it('rejects an int64 outside the safe-integer range as malformed', () => {
    const reader = new ByteReader(Buffer.from('7fffffffffffffff', 'hex'));
    expect(() => reader.int64()).toThrow(MalformedRequestError);
  });

  it('encodes unsigned varints as protobuf does', () => {
    const hex = (value: number) => new ByteWriter().uvarint(value).toBuffer().toString('hex');
    expect([hex(0), hex(1), hex(127), hex(128), hex(300), hex(0xffffffff)]).toEqual([
      '00', '01', '7f', '8001', 'ac02', 'ffffffff0f',
    ]);
    const reader = new ByteReader(Buffer.from('ac02ffffffff0f', 'hex'));
    expect([reader.uvarint(), reader.uvarint()]).toEqual([300, 0xffffffff]);
  });

  it('zig-zags signed varints and varlongs', () => {
    const hex = (value: number) => new ByteWriter().varlong(value).toBuffer().toString('hex');
    expect([hex(0), hex(-1), hex(1), hex(-64), hex(64)]).toEqual(['00', '01', '02', '7f', '8001']);
    const values = [0, -1, 1, 2147483647, -2147483648, 2 ** 40, -(2 ** 50), 2 ** 52 - 1];
    const writer = new ByteWriter();
    values.forEach((value) => writer.varlong(value));
    const reader = new ByteReader(writer.toBuffer());
    expect(values.map(() => reader.varlong())).toEqual(values);
  });

  it('throws MalformedRequestError when a read runs past the end', () => {
    const reader = new ByteReader(Buffer.from([0, 1, 2]));
    expect(() => reader.int32()).toThrow(MalformedRequestError);
    expect(() => new ByteReader(Buffer.from([0x80, 0x80])).uvarint()).toThrow(MalformedRequestError);
  });

  it('keeps large payloads as separate chunks instead of copying them', () => {
    const payload = Buffer.alloc(64 * 1024, 7);
    const writer = new ByteWriter().int32(1).raw(payload).int16(2);
    const chunks = writer.toChunks();
    expect(chunks).toContain(payload);
    expect(writer.length).toBe(4 + payload.length + 2);
    expect(Buffer.concat(chunks).readInt16BE(4 + payload.length)).toBe(2);
  });

  it('skips tag buffers it does not understand', () => {
    const reader = new ByteReader(Buffer.from('02' + '00' + '02' + 'aaaa' + '05' + '01' + 'bb' + '07', 'hex'));
    reader.skipTaggedFields();
    expect(reader.int8()).toBe(7);
  });
});
