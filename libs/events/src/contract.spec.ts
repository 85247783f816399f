import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_CATALOGUE, EVENT_TYPES, topicOf } from './catalogue';
import { ContractViolation, createEvent, parseEvent, serializeEvent } from './saga-event';

const fixturesDir = join(__dirname, 'fixtures');
const fixtureFiles = readdirSync(fixturesDir).filter((f) => f.endsWith('.json'));

function reasonOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof ContractViolation) return error.reason;
    throw error;
  }
  return 'ACCEPTED';
}

describe('event contracts', () => {
  it('has a golden fixture for every version of every event type', () => {
    const expected = EVENT_TYPES.flatMap((type) =>
      Object.keys(EVENT_CATALOGUE[type].versions).map((v) => `${type}.v${v}.json`),
    );
    expect(fixtureFiles.sort()).toEqual(expected.sort());
  });

  it.each(fixtureFiles)('still accepts the golden fixture %s', (file) => {
    const raw = readFileSync(join(fixturesDir, file), 'utf8');
    const event = parseEvent(raw);
    expect(`${event.type}.v${event.version}.json`).toBe(file);
    expect(event).toEqual(JSON.parse(raw));
  });

  it('round-trips an event built by a producer', () => {
    const event = createEvent('ORDER_CREATED', {
      transactionId: '7d3c6a52-8a4e-4b7a-9f55-0c1f3e2b9a10',
      orderId: '1b9e0c8e-5d0f-4c64-8a0b-3f1c2e4d5a60',
      payload: { customerId: 'alice', items: [{ sku: 'MOUSE-01', quantity: 1 }] },
    });
    expect(parseEvent(serializeEvent(event))).toEqual(event);
    expect(topicOf(event.type)).toBe('order');
  });

  it('refuses to build an event whose payload breaks the schema', () => {
    expect(
      reasonOf(() =>
        createEvent('ORDER_CREATED', {
          transactionId: '7d3c6a52-8a4e-4b7a-9f55-0c1f3e2b9a10',
          orderId: '1b9e0c8e-5d0f-4c64-8a0b-3f1c2e4d5a60',
          payload: { customerId: 'alice', items: [] },
        }),
      ),
    ).toBe('INVALID_PAYLOAD');
  });

  describe('poison records', () => {
    const good = JSON.parse(readFileSync(join(fixturesDir, 'ORDER_CANCEL.v1.json'), 'utf8'));

    it.each([
      ['NOT_JSON', 'not json at all'],
      ['NOT_JSON', null],
      ['INVALID_ENVELOPE', JSON.stringify({ ...good, orderId: 'not-a-uuid' })],
      ['INVALID_ENVELOPE', JSON.stringify([1, 2, 3])],
      ['UNKNOWN_TYPE', JSON.stringify({ ...good, type: 'ORDER_TELEPORTED' })],
      ['UNKNOWN_VERSION', JSON.stringify({ ...good, version: 99 })],
      ['INVALID_PAYLOAD', JSON.stringify({ ...good, payload: { reason: 'BORED' } })],
    ])('classifies a record as %s', (reason, value) => {
      expect(reasonOf(() => parseEvent(value))).toBe(reason);
    });
  });
});
