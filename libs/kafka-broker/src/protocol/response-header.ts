import { ByteReader } from './primitives/byte-reader';
import { ByteWriter } from './primitives/byte-writer';
import { ApiKey } from './registry';
import { ApiMessage, isFlexible } from './schema/api-message';

/*
 * Response Header v0 => correlation_id
 *   correlation_id => INT32
 * Response Header v1 => correlation_id TAG_BUFFER   (flexible response versions)
 * ApiVersions always answers with header v0 (KIP-511): a client that sent a version the broker does
 * not know must still be able to read the error.
 */

export function writeResponseHeader(writer: ByteWriter, api: ApiMessage, version: number, correlationId: number): void {
  writer.int32(correlationId);
  if (usesHeaderV1(api, version)) writer.uvarint(0);
}

export function readResponseHeader(reader: ByteReader, api: ApiMessage, version: number): number {
  const correlationId = reader.int32();
  if (usesHeaderV1(api, version)) reader.skipTaggedFields();
  return correlationId;
}

function usesHeaderV1(api: ApiMessage, version: number): boolean {
  return api.apiKey !== ApiKey.ApiVersions && isFlexible(api, version);
}
