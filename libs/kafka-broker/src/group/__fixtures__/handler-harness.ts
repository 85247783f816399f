import { ManualClock } from '../../clock';
import { brokerConfig } from '../../config';
import type { ApiHandler, RequestContext } from '../../handlers/handler';
import { NO_RESPONSE } from '../../handlers/handler';
import { TopicStore } from '../../log';
import {
  decodeRequestBody,
  decodeRequestHeader,
  decodeResponseFrame,
  encodeRequestFrame,
  encodeResponseFrame,
} from '../../protocol';
import type { ApiMessage, FieldSpec, RequestOf, ResponseOf } from '../../protocol';
import { inVersions } from '../../protocol/schema/field';
import { GroupCoordinator } from '../group-coordinator';

/**
 * Drives group handlers the way the server does, through the real codec in both directions, against
 * an in-memory broker whose only topic is "t" with two partitions. What a test gets back is what a
 * client of that version would decode (fields the version lacks are dropped), so version-dependent
 * fields are checked for real.
 */
export class GroupHandlerHarness {
  readonly clock = new ManualClock();
  readonly topics = TopicStore.open({ defaultPartitions: 1, clock: this.clock });
  readonly groups = GroupCoordinator.open({ clock: this.clock });
  private correlationId = 0;

  constructor() {
    this.topics.create('t', 2);
  }

  /** Sends the request; the returned promise settles when the handler answers (joins may be held). */
  async call<A extends ApiMessage>(
    handler: ApiHandler,
    api: A,
    apiVersion: number,
    request: RequestOf<A>,
    clientId = 'harness-client',
  ): Promise<ResponseOf<A>> {
    const correlationId = ++this.correlationId;
    const frame = encodeRequestFrame(api, { apiVersion, correlationId, clientId }, request).subarray(4);
    const { header, bodyOffset } = decodeRequestHeader(frame);
    const decoded = decodeRequestBody(api, apiVersion, frame, bodyOffset);
    const response = await handler.handle(decoded, this.context(header.apiVersion, header.clientId));
    if (response === NO_RESPONSE) throw new Error(`${api.name} answered nothing`);
    const encoded = Buffer.concat(encodeResponseFrame(api, apiVersion, correlationId, response)).subarray(4);
    const body = decodeResponseFrame(api, apiVersion, encoded).body;
    return onTheWire(api.response, apiVersion, body) as ResponseOf<A>;
  }

  close(): void {
    this.groups.close();
    this.topics.close();
  }

  private context(apiVersion: number, clientId: string | null): RequestContext {
    const config = brokerConfig({ host: 'broker.test', port: 19092 });
    return {
      apiKey: -1,
      apiVersion,
      correlationId: this.correlationId,
      clientId,
      clientHost: '/127.0.0.1',
      connectionId: 1,
      supportedApis: [],
      broker: {
        nodeId: 0,
        host: config.host,
        port: config.port,
        clusterId: 'harness-cluster-id-000',
        topics: this.topics,
        groups: this.groups,
        clock: this.clock,
        config,
        log: () => {},
      },
    };
  }
}

/** Drops the defaults the decoder fills in for fields this version does not carry. */
function onTheWire(fields: readonly FieldSpec[], version: number, value: unknown): Record<string, unknown> {
  const source = value as Record<string, unknown>;
  const kept: Record<string, unknown> = {};
  for (const field of fields) {
    if (!inVersions(version, field.versions)) continue;
    const item = source[field.name];
    kept[field.name] =
      field.type === '[]' && field.fields && Array.isArray(item)
        ? item.map((element) => onTheWire(field.fields!, version, element))
        : item;
  }
  return kept;
}
