import { MalformedRequestError } from '../errors';
import {
  decodeRequestBody,
  decodeRequestHeader,
  decodeResponseFrame,
  encodeRequestFrame,
  encodeResponseFrame,
} from './codec';
import { apiVersionsApi } from './messages/api-versions';
import { metadataApi } from './messages/metadata';
import { produceApi } from './messages/produce';
import { API_MESSAGES } from './registry';
import { ApiMessage } from './schema/api-message';
import { FieldSpec, inVersions } from './schema/field';

/** A value for every field present in `version`; `variant` flips nullable fields to null. */
function sample(fields: readonly FieldSpec[], version: number, variant: number): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  fields.forEach((field, index) => {
    if (!inVersions(version, field.versions)) return;
    if (variant === 1 && inVersions(version, field.nullableVersions)) value[field.name] = null;
    else value[field.name] = sampleOf(field, version, variant, index);
  });
  return value;
}

function sampleOf(field: FieldSpec, version: number, variant: number, index: number): unknown {
  switch (field.type) {
    case '[]':
      return [sample(field.fields ?? [], version, variant), sample(field.fields ?? [], version, 0)];
    case '[]int32':
      return [1, -2, 3];
    case '[]string':
      return ['a', 'ünïcode'];
    case 'int8':
      return -3 - index;
    case 'int16':
      return 300 + index;
    case 'int32':
      return -70000 - index;
    case 'int64':
      return 2 ** 40 + index;
    case 'bool':
      return true;
    case 'string':
      return `${field.name}-ü`;
    default:
      return Buffer.from(`${field.name}-bytes`);
  }
}

function frameBody(frame: Buffer): Buffer {
  return frame.subarray(4);
}

const cases = API_MESSAGES.flatMap((api) =>
  Array.from({ length: api.maxVersion - api.minVersion + 1 }, (_, i) => [api.name, api.minVersion + i, api] as const),
);

describe('codec', () => {
  it.each(cases)('round-trips %s v%i requests and responses', (_name, version, api: ApiMessage) => {
    for (const variant of [0, 1]) {
      const request = sample(api.request, version, variant);
      const frame = encodeRequestFrame(api, { apiVersion: version, correlationId: 42, clientId: 'c' }, request as never);
      const { header, bodyOffset } = decodeRequestHeader(frameBody(frame));
      expect(header).toEqual({ apiKey: api.apiKey, apiVersion: version, correlationId: 42, clientId: 'c' });
      expect(decodeRequestBody(api, version, frameBody(frame), bodyOffset)).toMatchObject(request);

      const response = sample(api.response, version, variant);
      const out = Buffer.concat(encodeResponseFrame(api, version, 7, response as never));
      expect(out.readInt32BE(0)).toBe(out.length - 4);
      const decoded = decodeResponseFrame(api, version, frameBody(out));
      expect(decoded.correlationId).toBe(7);
      expect(decoded.body).toMatchObject(response);
    }
  });

  it('fills fields missing from a response with their defaults', () => {
    const frame = Buffer.concat(
      encodeResponseFrame(produceApi, 7, 1, {
        responses: [{ name: 't', partitionResponses: [{ index: 0, errorCode: 0, baseOffset: 5 }] }],
      }),
    );
    const { body } = decodeResponseFrame(produceApi, 7, frameBody(frame));
    expect(body).toEqual({
      responses: [
        { name: 't', partitionResponses: [{ index: 0, errorCode: 0, baseOffset: 5, logAppendTimeMs: -1, logStartOffset: -1 }] },
      ],
      throttleTimeMs: 0,
    });
  });

  it('refuses to encode null into a field that is not nullable in that version', () => {
    expect(() => encodeResponseFrame(metadataApi, 0, 1, { brokers: null as never, topics: [] })).toThrow(/not nullable/);
  });

  it('decodes a null topic array as null from Metadata v1 and refuses it in v0', () => {
    const v1 = encodeRequestFrame(metadataApi, { apiVersion: 1, correlationId: 1, clientId: null }, { topics: null });
    const { bodyOffset } = decodeRequestHeader(frameBody(v1));
    expect(decodeRequestBody(metadataApi, 1, frameBody(v1), bodyOffset)).toEqual({ topics: null });
    const v0Null = Buffer.concat([frameBody(v1).subarray(0, bodyOffset), Buffer.from('ffffffff', 'hex')]);
    v0Null.writeInt16BE(0, 2);
    expect(() => decodeRequestBody(metadataApi, 0, v0Null, bodyOffset)).toThrow(MalformedRequestError);
  });

  it('throws MalformedRequestError for a truncated body or an array count larger than the frame', () => {
    const frame = frameBody(
      encodeRequestFrame(metadataApi, { apiVersion: 4, correlationId: 1, clientId: 'x' }, {
        topics: [{ name: 'orders' }],
        allowAutoTopicCreation: true,
      }),
    );
    const { bodyOffset } = decodeRequestHeader(frame);
    expect(() => decodeRequestBody(metadataApi, 4, frame.subarray(0, frame.length - 3), bodyOffset)).toThrow(
      MalformedRequestError,
    );
    const lying = Buffer.from(frame);
    lying.writeInt32BE(1_000_000, bodyOffset);
    expect(() => decodeRequestBody(metadataApi, 4, lying, bodyOffset)).toThrow(/exceeds the frame/);
  });

  it('uses the flexible header and compact encodings for ApiVersions v3 but answers with header v0', () => {
    const frame = encodeRequestFrame(apiVersionsApi, { apiVersion: 3, correlationId: 9, clientId: 'rd' }, {
      clientSoftwareName: 'librdkafka',
      clientSoftwareVersion: '2.0.2',
    });
    // size, key 18, v3, corr 9, client "rd", empty header tags, compact "librdkafka", compact "2.0.2", body tags
    expect(frame.toString('hex')).toBe(
      '0000001f' + '0012' + '0003' + '00000009' + '00027264' + '00' + '0b6c696272646b61666b61' + '06322e302e32' + '00',
    );
    const out = Buffer.concat(
      encodeResponseFrame(apiVersionsApi, 3, 9, { errorCode: 0, apiKeys: [{ apiKey: 0, minVersion: 3, maxVersion: 7 }] }),
    );
    // corr 9 (no header tags), error 0, compact array of 1, key 0 min 3 max 7 + entry tags, throttle 0, body tags
    expect(out.subarray(4).toString('hex')).toBe('00000009' + '0000' + '02' + '000000030007' + '00' + '00000000' + '00');
  });
});
