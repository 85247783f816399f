import { ByteReader } from './primitives/byte-reader';
import { ByteWriter } from './primitives/byte-writer';
import { apiByKey, ApiKey } from './registry';
import { isFlexible } from './schema/api-message';

/*
 * Request Header v1 => request_api_key request_api_version correlation_id client_id
 *   request_api_key => INT16
 *   request_api_version => INT16
 *   correlation_id => INT32
 *   client_id => NULLABLE_STRING
 * Request Header v2 => v1 fields, then TAG_BUFFER (flexible request versions).
 *   client_id keeps its int16-length encoding even in v2.
 */

export interface RequestHeader {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
}

export function readRequestHeader(reader: ByteReader): RequestHeader {
  const apiKey = reader.int16();
  const apiVersion = reader.int16();
  const correlationId = reader.int32();
  const length = reader.int16();
  const clientId = length < 0 ? null : reader.utf8(length);
  // An ApiVersions request from a newer client may stop right after client_id: only its version
  // number matters (KIP-511), so a missing tag buffer there is no reason to drop the connection.
  const tagsOptional = apiKey === ApiKey.ApiVersions && reader.remaining() === 0;
  if (usesHeaderV2(apiKey, apiVersion) && !tagsOptional) reader.skipTaggedFields();
  return { apiKey, apiVersion, correlationId, clientId };
}

export function writeRequestHeader(writer: ByteWriter, header: RequestHeader): void {
  writer.int16(header.apiKey).int16(header.apiVersion).int32(header.correlationId);
  if (header.clientId === null) writer.int16(-1);
  else {
    const byteLength = Buffer.byteLength(header.clientId, 'utf8');
    writer.int16(byteLength).utf8(header.clientId, byteLength);
  }
  if (usesHeaderV2(header.apiKey, header.apiVersion)) writer.uvarint(0);
}

/** Versions above what the codec knows still count as flexible when the API's flexible range is open-ended. */
function usesHeaderV2(apiKey: number, apiVersion: number): boolean {
  const api = apiByKey(apiKey);
  return api !== undefined && isFlexible(api, apiVersion);
}
