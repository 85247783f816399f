import { ByteReader } from './primitives/byte-reader';
import { ByteWriter } from './primitives/byte-writer';
import { readRequestHeader, RequestHeader, writeRequestHeader } from './request-header';
import { readResponseHeader, writeResponseHeader } from './response-header';
import { ApiMessage, isFlexible, RequestOf, ResponseOf } from './schema/api-message';
import { compileStruct, StructCodec } from './schema/struct-codec';

/**
 * Whole-message encode/decode on top of the compiled schemas. Frames handed in are without their
 * int32 size prefix (the frame splitter strips it); frames handed out carry it.
 */

const compiled = new Map<string, StructCodec>();

function codecFor(api: ApiMessage, version: number, side: 'request' | 'response'): StructCodec {
  const key = `${api.apiKey}:${version}:${side}`;
  let codec = compiled.get(key);
  if (!codec) {
    if (version < api.minVersion || version > api.maxVersion) {
      throw new Error(`${api.name} v${version} is not implemented (v${api.minVersion}-${api.maxVersion})`);
    }
    codec = compileStruct(api[side], version, isFlexible(api, version));
    compiled.set(key, codec);
  }
  return codec;
}

export function decodeRequestHeader(frame: Buffer): { header: RequestHeader; bodyOffset: number } {
  const reader = new ByteReader(frame);
  const header = readRequestHeader(reader);
  return { header, bodyOffset: reader.position };
}

/** Trailing bytes after the body are ignored, as Kafka does. */
export function decodeRequestBody<A extends ApiMessage>(api: A, version: number, frame: Buffer, offset: number): RequestOf<A> {
  return codecFor(api, version, 'request').read(new ByteReader(frame, offset)) as RequestOf<A>;
}

/** A size-prefixed response frame as chunks (big record buffers are not copied). */
export function encodeResponseFrame<A extends ApiMessage>(
  api: A,
  version: number,
  correlationId: number,
  body: ResponseOf<A>,
): Buffer[] {
  const writer = new ByteWriter();
  writer.int32(0);
  writeResponseHeader(writer, api, version, correlationId);
  codecFor(api, version, 'response').write(writer, body as Record<string, unknown>);
  const chunks = writer.toChunks();
  chunks[0].writeInt32BE(writer.length - 4, 0);
  return chunks;
}

/** For tests and tools that play the client: a size-prefixed request frame. */
export function encodeRequestFrame<A extends ApiMessage>(
  api: A,
  header: Omit<RequestHeader, 'apiKey'>,
  body: RequestOf<A>,
): Buffer {
  const writer = new ByteWriter();
  writer.int32(0);
  writeRequestHeader(writer, { ...header, apiKey: api.apiKey });
  codecFor(api, header.apiVersion, 'request').write(writer, body as Record<string, unknown>);
  const frame = writer.toBuffer();
  frame.writeInt32BE(frame.length - 4, 0);
  return frame;
}

/** For tests and tools that play the client: a response frame without its size prefix. */
export function decodeResponseFrame<A extends ApiMessage>(
  api: A,
  version: number,
  frame: Buffer,
): { correlationId: number; body: ResponseOf<A> } {
  const reader = new ByteReader(frame);
  const correlationId = readResponseHeader(reader, api, version);
  const body = codecFor(api, version, 'response').read(reader) as ResponseOf<A>;
  return { correlationId, body };
}
