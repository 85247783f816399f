import { MalformedRequestError } from '../../errors';
import { ByteReader } from '../primitives/byte-reader';
import { ByteWriter } from '../primitives/byte-writer';
import { FieldSpec, inVersions, PrimitiveType } from './field';
import { primitiveCodec, readLength, ValueCodec, writeLength, zeroValue } from './value-codecs';

export interface StructCodec<T = Record<string, unknown>> {
  read(reader: ByteReader): T;
  write(writer: ByteWriter, value: T): void;
}

interface CompiledField {
  readonly name: string;
  readonly codec: ValueCodec;
  readonly nullable: boolean;
  readonly missing: unknown;
}

/**
 * Turns field descriptions into a codec for one version. Done once per (message, version) and
 * cached by the caller, so the per-request work is a flat loop over the fields present.
 * Flexible versions use compact lengths and end every struct with a tag buffer; the broker writes
 * no tagged fields and skips the ones it receives.
 */
export function compileStruct(fields: readonly FieldSpec[], version: number, flexible: boolean): StructCodec {
  const present: CompiledField[] = [];
  const absentDefaults: [string, unknown][] = [];
  for (const field of fields) {
    if (!inVersions(version, field.versions)) {
      if (field.default !== undefined) absentDefaults.push([field.name, field.default]);
      continue;
    }
    const nullable = inVersions(version, field.nullableVersions);
    const codec = fieldCodec(field, version, flexible, nullable);
    const missing = field.default !== undefined ? field.default : nullable ? null : zeroValue(baseKind(field));
    present.push({ name: field.name, codec, nullable, missing });
  }

  return {
    read(reader) {
      const value: Record<string, unknown> = {};
      for (const [name, fallback] of absentDefaults) value[name] = fallback;
      for (const field of present) value[field.name] = field.codec.read(reader);
      if (flexible) reader.skipTaggedFields();
      return value;
    },
    write(writer, value) {
      for (const field of present) {
        let item = value[field.name];
        if (item === undefined) item = field.missing;
        if (item === null && !field.nullable) {
          throw new Error(`field ${field.name} is null but not nullable in v${version}`);
        }
        field.codec.write(writer, item);
      }
      if (flexible) writer.uvarint(0);
    },
  };
}

function baseKind(field: FieldSpec): PrimitiveType | 'array' {
  return field.type.startsWith('[]') ? 'array' : (field.type as PrimitiveType);
}

function fieldCodec(field: FieldSpec, version: number, flexible: boolean, nullable: boolean): ValueCodec {
  if (!field.type.startsWith('[]')) return primitiveCodec(field.type as PrimitiveType, nullable, flexible);
  const element =
    field.type === '[]'
      ? compileStruct(field.fields ?? [], version, flexible)
      : primitiveCodec(field.type.slice(2) as PrimitiveType, false, flexible);
  return arrayCodec(element as ValueCodec, nullable, flexible);
}

function arrayCodec(element: ValueCodec, nullable: boolean, compact: boolean): ValueCodec {
  return {
    read(reader) {
      const count = readLength(reader, compact, true);
      if (count === null) {
        if (!nullable) throw new MalformedRequestError('null array where the version does not allow null');
        return null;
      }
      // Every element takes at least one byte: a count beyond that is a lie, not a reason to allocate.
      if (count > reader.remaining()) throw new MalformedRequestError(`array count ${count} exceeds the frame`);
      const items = new Array<unknown>(count);
      for (let i = 0; i < count; i++) items[i] = element.read(reader);
      return items;
    },
    write(writer, value) {
      const items = value as unknown[] | null;
      writeLength(writer, items === null ? null : items.length, compact, true);
      if (items !== null) for (const item of items) element.write(writer, item);
    },
  };
}
