/**
 * Messages are described as data, the way Kafka's own JSON message specs describe them: every field
 * has a name, a type and the versions it exists in. The codec is compiled from these descriptions,
 * so adding a version means editing a table, not writing a new decoder.
 */
export type PrimitiveType = 'int8' | 'int16' | 'int32' | 'int64' | 'bool' | 'string' | 'bytes' | 'records';

/** `[]` is an array of structs described by `fields`; `[]int32` etc. are arrays of primitives. */
export type FieldType = PrimitiveType | `[]${PrimitiveType}` | '[]';

export interface FieldSpec {
  /** Kafka's JSON spec name, camelCased: the property name in decoded objects. */
  readonly name: string;
  readonly type: FieldType;
  /** Kafka notation: "0+", "3-5" or "2". */
  readonly versions: string;
  readonly nullableVersions?: string;
  /** Used when the field is absent from a version (decode) or missing from the object (encode). */
  readonly default?: unknown;
  readonly fields?: readonly FieldSpec[];
}

export interface VersionRange {
  readonly min: number;
  readonly max: number;
}

const rangeCache = new Map<string, VersionRange>();

export function parseVersions(spec: string): VersionRange {
  let range = rangeCache.get(spec);
  if (range) return range;
  const match = /^(\d+)(\+|-(\d+))?$/.exec(spec);
  if (!match) throw new Error(`bad version range "${spec}"`);
  const min = Number(match[1]);
  const max = match[2] === '+' ? Infinity : match[3] !== undefined ? Number(match[3]) : min;
  range = { min, max };
  rangeCache.set(spec, range);
  return range;
}

export function inVersions(version: number, spec: string | undefined): boolean {
  if (spec === undefined) return false;
  const { min, max } = parseVersions(spec);
  return version >= min && version <= max;
}
