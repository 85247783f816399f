import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import specs from '@asyncapi/specs';
import { parse } from 'yaml';
import { EVENT_CATALOGUE, TOPIC_SETTINGS } from '@saga/events';
import { ASYNCAPI_PATH, expectedAsyncApiYaml, REPOSITORY_ROOT } from './asyncapi-file';


const FIXTURES = join(REPOSITORY_ROOT, 'libs/events/src/fixtures');

function validatorOf(document: unknown): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(document as object, 'asyncapi');
  return ajv;
}

describe('asyncapi.yaml', () => {
  const document = parse(readFileSync(ASYNCAPI_PATH, 'utf8'));

  it('is exactly what libs/events generates (run npm run asyncapi after changing a contract)', () => {
    expect(readFileSync(ASYNCAPI_PATH, 'utf8')).toBe(expectedAsyncApiYaml());
  });

  it('is a valid AsyncAPI 3.0 document by the official JSON Schema', () => {
    const spec = structuredClone(specs.schemas['3.0.0']) as { definitions: Record<string, { $id?: string }> };
    // The spec bundles its own copy of the draft-07 meta-schema, which ajv already knows.
    for (const [name, definition] of Object.entries(spec.definitions)) {
      if (definition.$id === 'http://json-schema.org/draft-07/schema') delete spec.definitions[name];
    }
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(spec);

    expect(validate(document) ? [] : validate.errors).toEqual([]);
  });

  it('has a channel for every declared topic, dead-letter topics included, with its partitions and retention', () => {
    for (const [topic, settings] of Object.entries(TOPIC_SETTINGS)) {
      expect(document.channels[topic]).toMatchObject({
        address: topic,
        bindings: { kafka: { partitions: settings.partitions, topicConfiguration: { 'retention.ms': settings.retentionMs } } },
      });
    }
  });

  it('describes every event version on its topic', () => {
    for (const [type, definition] of Object.entries(EVENT_CATALOGUE)) {
      for (const version of Object.keys(definition.versions)) {
        expect(document.channels[definition.topic].messages[`${type}.v${version}`]).toEqual({
          $ref: `#/components/messages/${type}.v${version}`,
        });
      }
    }
  });

  it.each(readdirSync(FIXTURES).filter((name) => name.endsWith('.json')))('accepts the golden fixture %s by its message schema', (file) => {
    const fixture = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8'));
    const validate = validatorOf(document).getSchema(`asyncapi#/components/messages/${fixture.type}.v${fixture.version}/payload`)!;

    expect(validate(fixture) ? [] : validate.errors).toEqual([]);
  });

  it('rejects an event whose payload breaks its contract, or that claims another type', () => {
    const fixture = JSON.parse(readFileSync(join(FIXTURES, 'ORDER_CREATED.v1.json'), 'utf8'));
    const validate = validatorOf(document).getSchema('asyncapi#/components/messages/ORDER_CREATED.v1/payload')!;

    expect(validate({ ...fixture, payload: { ...fixture.payload, items: [{ sku: 'KEYBOARD-01', quantity: 0 }] } })).toBe(false);
    expect(validate({ ...fixture, type: 'ORDER_CONFIRMED' })).toBe(false);
    expect(validate({ ...fixture, eventId: 'not-a-uuid' })).toBe(false);
  });
});
