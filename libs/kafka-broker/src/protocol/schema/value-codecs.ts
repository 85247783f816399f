import { MalformedRequestError } from '../../errors';
import { ByteReader } from '../primitives/byte-reader';
import { ByteWriter } from '../primitives/byte-writer';
import { PrimitiveType } from './field';

/** Reads and writes one value of one type, already specialised for nullability and compactness. */
export interface ValueCodec {
  read(reader: ByteReader): unknown;
  write(writer: ByteWriter, value: unknown): void;
}

const EMPTY = Buffer.alloc(0);

export function zeroValue(type: PrimitiveType | 'array'): unknown {
  switch (type) {
    case 'bool':
      return false;
    case 'string':
      return '';
    case 'bytes':
    case 'records':
      return EMPTY;
    case 'array':
      return [];
    default:
      return 0;
  }
}

/** Length prefixes: int16/int32 with -1 for null, or (flexible) uvarint N+1 with 0 for null. */
export function readLength(reader: ByteReader, compact: boolean, wide: boolean): number | null {
  const length = compact ? reader.uvarint() - 1 : wide ? reader.int32() : reader.int16();
  if (length < -1) throw new MalformedRequestError(`negative length ${length}`);
  return length === -1 ? null : length;
}

export function writeLength(writer: ByteWriter, length: number | null, compact: boolean, wide: boolean): void {
  const value = length ?? -1;
  if (compact) writer.uvarint(value + 1);
  else if (wide) writer.int32(value);
  else writer.int16(value);
}

export function primitiveCodec(type: PrimitiveType, nullable: boolean, compact: boolean): ValueCodec {
  switch (type) {
    case 'int8':
      return { read: (r) => r.int8(), write: (w, v) => w.int8(v as number) };
    case 'int16':
      return { read: (r) => r.int16(), write: (w, v) => w.int16(v as number) };
    case 'int32':
      return { read: (r) => r.int32(), write: (w, v) => w.int32(v as number) };
    case 'int64':
      return { read: (r) => r.int64(), write: (w, v) => w.int64(v as number) };
    case 'bool':
      return { read: (r) => r.bool(), write: (w, v) => w.bool(v as boolean) };
    case 'string':
      return stringCodec(nullable, compact);
    case 'bytes':
    case 'records':
      return bytesCodec(nullable, compact);
  }
}

function stringCodec(nullable: boolean, compact: boolean): ValueCodec {
  return {
    read(reader) {
      const length = readLength(reader, compact, false);
      if (length === null) return nullOrFail(nullable, 'string');
      return reader.utf8(length);
    },
    write(writer, value) {
      if (value === null) return writeLength(writer, nullOrFail(nullable, 'string'), compact, false);
      const text = value as string;
      const byteLength = Buffer.byteLength(text, 'utf8');
      if (!compact && byteLength > 0x7fff) throw new RangeError(`string of ${byteLength} bytes exceeds int16 length`);
      writeLength(writer, byteLength, compact, false);
      writer.utf8(text, byteLength);
    },
  };
}

function bytesCodec(nullable: boolean, compact: boolean): ValueCodec {
  return {
    read(reader) {
      const length = readLength(reader, compact, true);
      if (length === null) return nullOrFail(nullable, 'bytes');
      return reader.raw(length);
    },
    write(writer, value) {
      if (value === null) return writeLength(writer, nullOrFail(nullable, 'bytes'), compact, true);
      const bytes = value as Buffer;
      writeLength(writer, bytes.length, compact, true);
      writer.raw(bytes);
    },
  };
}

function nullOrFail(nullable: boolean, what: string): null {
  if (!nullable) throw new MalformedRequestError(`null ${what} where the version does not allow null`);
  return null;
}
