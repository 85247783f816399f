import { buildRecordBatch, decodeRecordBatches } from './record-batch-builder';
import { validateSingleBatch } from './record-batch';

const Decoder = require('kafkajs/src/protocol/decoder');
const decodeKafkajsBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder');

const records = [
  { key: 'k1', value: 'hello', headers: { 'event-type': 'ORDER_CREATED' }, timestamp: 1_700_000_000_005 },
  { key: null, value: null },
  { value: Buffer.from([0, 1, 2]) },
];

describe('record batch builder', () => {
  it('builds batches kafkajs decodes record for record when uncompressed or gzipped', async () => {
    for (const compression of ['none', 'gzip'] as const) {
      const batch = buildRecordBatch({ records, baseOffset: 10, baseTimestamp: 1_700_000_000_000, compression });
      const decoded = await decodeKafkajsBatch(new Decoder(batch));
      expect(decoded.records.map((r: { offset: string; key: Buffer | null; value: Buffer | null }) => [r.offset, r.key?.toString() ?? null, r.value?.toString('hex') ?? null])).toEqual([
        ['10', 'k1', Buffer.from('hello').toString('hex')],
        ['11', null, null],
        ['12', null, '000102'],
      ]);
      expect(decoded.records[0].headers['event-type'].toString()).toBe('ORDER_CREATED');
      expect(decoded.records[0].timestamp).toBe('1700000000005');
    }
  });

  it('produces a batch the validator accepts when given idempotence fields', () => {
    const header = validateSingleBatch(buildRecordBatch({ records, producerId: 5, producerEpoch: 1, baseSequence: 9 }));
    expect(header).toMatchObject({ producerId: 5, producerEpoch: 1, baseSequence: 9, lastOffsetDelta: 2, recordsCount: 3 });
  });

  it('reads back what it built when decoding its own batches', () => {
    const batch = buildRecordBatch({ records, baseTimestamp: 1_700_000_000_000, compression: 'gzip' });
    const [decoded] = decodeRecordBatches(Buffer.concat([batch]));
    expect(decoded.records.map((r) => [r.offset, r.timestamp, r.key?.toString() ?? null, r.value?.toString('hex') ?? null])).toEqual([
      [0, 1_700_000_000_005, 'k1', Buffer.from('hello').toString('hex')],
      [1, 1_700_000_000_000, null, null],
      [2, 1_700_000_000_000, null, '000102'],
    ]);
    expect(decoded.records[0].headers).toEqual([{ key: 'event-type', value: Buffer.from('ORDER_CREATED') }]);
  });
});
