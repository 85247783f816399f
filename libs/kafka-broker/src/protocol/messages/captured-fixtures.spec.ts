import { decodeRequestBody, decodeRequestHeader } from '../codec';
import { apiByKey } from '../registry';

/**
 * Request frames as real clients put them on the wire, kept as hex so they stay fixed even if a
 * client library changes: kafkajs 2.2.4 (captured from its encoders), kafka-python's pipelined
 * probe and librdkafka's first request (written out from their documented layouts).
 */
const fixtures = [
  {
    what: 'kafkajs Metadata v6 for one topic with auto-creation',
    hex: '0000001a000300060000000300036170700000000100066f726465727301',
    header: { apiKey: 3, apiVersion: 6, correlationId: 3, clientId: 'app' },
    body: { topics: [{ name: 'orders' }], allowAutoTopicCreation: true },
  },
  {
    what: 'kafkajs ApiVersions v2',
    hex: '0000000d00120002000000030003617070',
    header: { apiKey: 18, apiVersion: 2, correlationId: 3, clientId: 'app' },
    body: {},
  },
  {
    what: 'kafkajs Heartbeat v3 without a group instance id',
    hex: '00000019000c00030000000300036170700001670000000100016dffff',
    header: { apiKey: 12, apiVersion: 3, correlationId: 3, clientId: 'app' },
    body: { groupId: 'g', generationId: 1, memberId: 'm', groupInstanceId: null },
  },
  {
    what: 'kafka-python probe, Metadata v0 with an empty topic list (= all topics)',
    hex: '0000001a' + '0003' + '0000' + '00000002' + '000c' + Buffer.from('kafka-python').toString('hex') + '00000000',
    header: { apiKey: 3, apiVersion: 0, correlationId: 2, clientId: 'kafka-python' },
    body: { topics: [] },
  },
  {
    what: 'librdkafka ApiVersions v3 (flexible: header tags, compact strings)',
    hex: '00000024' + '0012' + '0003' + '00000001' + '0007' + Buffer.from('rdkafka').toString('hex') + '00' +
      '0b' + Buffer.from('librdkafka').toString('hex') + '06' + Buffer.from('2.0.2').toString('hex') + '00',
    header: { apiKey: 18, apiVersion: 3, correlationId: 1, clientId: 'rdkafka' },
    body: { clientSoftwareName: 'librdkafka', clientSoftwareVersion: '2.0.2' },
  },
];

describe('codec against captured request bytes', () => {
  it.each(fixtures)('decodes $what', ({ hex, header, body }) => {
    const bytes = Buffer.from(hex, 'hex');
    expect(bytes.readInt32BE(0)).toBe(bytes.length - 4);
    const frame = bytes.subarray(4);
    const decoded = decodeRequestHeader(frame);
    expect(decoded.header).toEqual(header);
    expect(decodeRequestBody(apiByKey(header.apiKey)!, header.apiVersion, frame, decoded.bodyOffset)).toEqual(body);
  });
});
