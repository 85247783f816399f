import { Clock } from '../clock';
import { BrokerConfig } from '../config';
import type { GroupCoordinator } from '../group';
import type { TopicStore } from '../log';

/** What every handler may use: this broker's identity, its stores and its clock. */
export interface BrokerContext {
  nodeId: number;
  host: string;
  port: number;
  clusterId: string;
  topics: TopicStore;
  groups: GroupCoordinator;
  clock: Clock;
  config: BrokerConfig;
  log: (msg: string) => void;
}

/** An API and the version range this server answers, as ApiVersions advertises it. */
export interface SupportedApi {
  apiKey: number;
  minVersion: number;
  maxVersion: number;
}

/** One request as the router hands it to a handler. */
export interface RequestContext {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
  clientHost: string;
  connectionId: number;
  broker: BrokerContext;
  /**
   * Codec versions ∩ registered handlers, computed by the server that routed this request; the
   * ApiVersions handler answers with it, so what is advertised is what this server can serve.
   */
  supportedApis: readonly SupportedApi[];
}

/** Returned by Produce with acks=0: the client expects no response at all. */
export const NO_RESPONSE: unique symbol = Symbol('NO_RESPONSE');

/**
 * One Kafka API. `handle` gets the decoded request (Kafka JSON field names, camelCased) and returns
 * the response object; throwing is reserved for the unexpected (the connection is then closed).
 */
export interface ApiHandler<Req = any, Res = any> {
  apiKey: number;
  name: string;
  handle(request: Req, ctx: RequestContext): Res | typeof NO_RESPONSE | Promise<Res | typeof NO_RESPONSE>;
}
