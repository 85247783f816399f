import { randomBytes } from 'node:crypto';
import { crc32c } from './crc32c';

// kafkajs's own (byte-at-a-time) implementation: an independent reference for the sliced tables.
const kafkajsCrc32c: (buffer: Buffer) => number = require('kafkajs/src/protocol/recordBatch/crc32C');

describe('crc32c', () => {
  it('matches the standard CRC-32C check value when given "123456789"', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
  });

  it('is 0 when given no bytes', () => {
    expect(crc32c(Buffer.alloc(0))).toBe(0);
  });

  it('agrees with kafkajs when lengths straddle the 8-byte stride', () => {
    for (const length of [1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1000]) {
      const bytes = randomBytes(length);
      expect(crc32c(bytes)).toBe(kafkajsCrc32c(bytes));
    }
  });

  it('checksums only the given range when start and end are passed', () => {
    const bytes = randomBytes(100);
    expect(crc32c(bytes, 21, 90)).toBe(crc32c(bytes.subarray(21, 90)));
  });
});
