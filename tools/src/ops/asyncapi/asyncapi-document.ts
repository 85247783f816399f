import { stringify } from 'yaml';
import { z } from 'zod';
import { ALL_TOPICS, deadLetterTopicOf, EVENT_CATALOGUE, EventType, TOPIC_SETTINGS } from '@saga/events';
import {
  deadLetterHeadersJsonSchema,
  envelopeJsonSchema,
  eventHeadersJsonSchema,
  eventJsonSchema,
  JsonSchema,
} from './message-schemas';

const KAFKA_BINDING_VERSION = '0.5.0';
const ORDER_KEY = { type: 'string', format: 'uuid', description: 'Record key: the orderId, so all events of one order share a partition.' };

/**
 * The AsyncAPI 3.0 description of the saga's Kafka surface, built from libs/events alone: a channel per topic
 * (dead-letter topics included) with its partitions, declared replication and retention; a message per event
 * type and version with the envelope, its payload schema, headers and record key; a send operation per
 * producing service. Consumers are not listed: no contract declares them (see the README's saga table).
 */
export function buildAsyncApiDocument(version: string): Record<string, unknown> {
  const events = Object.entries(EVENT_CATALOGUE) as Array<[EventType, (typeof EVENT_CATALOGUE)[EventType]]>;
  const messageId = (type: string, v: number) => `${type}.v${v}`;
  const versionsOf = (type: EventType) =>
    Object.entries(EVENT_CATALOGUE[type].versions as Record<number, z.ZodType>).map(([v, schema]) => [Number(v), schema] as const);

  const messages: Record<string, unknown> = {};
  for (const [type, definition] of events) {
    for (const [v, payload] of versionsOf(type)) {
      messages[messageId(type, v)] = {
        name: type,
        title: `${type} v${v}`,
        summary: definition.description,
        contentType: 'application/json',
        headers: {
          allOf: [
            { $ref: '#/components/schemas/EventHeaders' },
            { type: 'object', properties: { 'event-type': { const: type }, 'event-version': { const: String(v) } } },
          ],
        },
        payload: eventJsonSchema(type, v, payload),
        correlationId: { $ref: '#/components/correlationIds/saga' },
        // Inline: the Kafka binding's JSON Schema cannot tell a $ref key from a schema key (oneOf matches both).
        bindings: { kafka: { key: ORDER_KEY, bindingVersion: KAFKA_BINDING_VERSION } },
        'x-produced-by': definition.producedBy,
      };
    }
  }
  messages.DeadLetter = {
    name: 'DeadLetter',
    title: 'Dead letter',
    summary: 'A record a consumer could not process, unchanged (key, value, headers), with why and where it failed.',
    headers: { $ref: '#/components/schemas/DeadLetterHeaders' },
    payload: { description: "The original record value, byte for byte: a saga event, or whatever poison was on the topic." },
    bindings: { kafka: { key: { type: 'string', description: 'The original record key.' }, bindingVersion: KAFKA_BINDING_VERSION } },
  };

  const channels: Record<string, unknown> = {};
  for (const topic of ALL_TOPICS) {
    const onTopic = events.filter(([, d]) => d.topic === topic);
    const producers = [...new Set(onTopic.map(([, d]) => d.producedBy))].join(', ');
    channels[topic] = {
      address: topic,
      title: `${topic} events`,
      description: `Events published by ${producers}, keyed by orderId so one order's events keep their order.`,
      messages: Object.fromEntries(
        onTopic.flatMap(([type]) => versionsOf(type).map(([v]) => [messageId(type, v), { $ref: `#/components/messages/${messageId(type, v)}` }])),
      ),
      bindings: { kafka: topicBinding(topic) },
    };
    const dlt = deadLetterTopicOf(topic);
    channels[dlt] = {
      address: dlt,
      title: `${topic} dead letters`,
      description: `Records of ${topic} that a consumer group gave up on; \`npm run redrive\` lists them and sends chosen ones back.`,
      messages: { DeadLetter: { $ref: '#/components/messages/DeadLetter' } },
      bindings: { kafka: topicBinding(dlt) },
    };
  }

  const operations: Record<string, unknown> = {};
  for (const topic of ALL_TOPICS) {
    const onTopic = events.filter(([, d]) => d.topic === topic);
    const producers = [...new Set(onTopic.map(([, d]) => d.producedBy))];
    for (const producer of producers) {
      operations[`${producer}.publishes.${topic}`] = {
        action: 'send',
        title: `The ${producer} service publishes to ${topic}`,
        summary: 'Through its transactional outbox: written in the transaction of the state change, published after commit.',
        channel: { $ref: `#/channels/${topic}` },
        messages: onTopic
          .filter(([, d]) => d.producedBy === producer)
          .flatMap(([type]) => versionsOf(type).map(([v]) => ({ $ref: `#/channels/${topic}/messages/${messageId(type, v)}` }))),
      };
    }
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Kafka saga reference: saga events',
      version,
      description:
        'The choreographed order saga: order, inventory and payment services cooperate only through these topics. ' +
        'Generated from libs/events by `npm run asyncapi`; a test fails when this file and the contracts differ.',
      license: { name: 'MIT' },
    },
    defaultContentType: 'application/json',
    servers: {
      local: { host: 'localhost:9092', protocol: 'kafka', description: '`npm start` (embedded broker) or `docker compose up` (host listener).' },
      compose: { host: 'kafka:19092', protocol: 'kafka', description: 'Inside the docker compose network.' },
    },
    channels,
    operations,
    components: {
      schemas: {
        Envelope: envelopeJsonSchema(),
        EventHeaders: eventHeadersJsonSchema(),
        DeadLetterHeaders: deadLetterHeadersJsonSchema(),
      },
      messages,
      correlationIds: {
        saga: { description: 'The saga id, the same in every event one order causes.', location: '$message.payload#/transactionId' },
      },
    },
  };
}

function topicBinding(topic: string): JsonSchema {
  const settings = TOPIC_SETTINGS[topic];
  return {
    topic,
    partitions: settings.partitions,
    replicas: settings.replicationFactor,
    topicConfiguration: { 'retention.ms': settings.retentionMs, 'cleanup.policy': ['delete'] },
    bindingVersion: KAFKA_BINDING_VERSION,
  };
}

export function renderAsyncApiYaml(document: Record<string, unknown>): string {
  const header = '# Generated from libs/events by `npm run asyncapi`. Do not edit: change the contracts and regenerate.\n';
  return header + stringify(document, { lineWidth: 0, aliasDuplicateObjects: false });
}
