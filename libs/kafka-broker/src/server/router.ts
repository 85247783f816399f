import { ErrorCode } from '../errors';
import { ApiHandler, BrokerContext, NO_RESPONSE, RequestContext, SupportedApi } from '../handlers/handler';
import { decodeRequestBody, decodeRequestHeader, encodeResponseFrame } from '../protocol/codec';
import { apiVersionsApi } from '../protocol/messages/api-versions';
import { API_MESSAGES, apiByKey, ApiKey, supportsVersion } from '../protocol/registry';
import { RequestHeader } from '../protocol/request-header';
import { ApiMessage } from '../protocol/schema/api-message';
import { closeConnection, describeError, respond, RouteOutcome, SILENT } from './route-outcome';

export interface ConnectionInfo {
  connectionId: number;
  clientHost: string;
}

/**
 * Header -> registry -> handler -> encoded answer. Stays synchronous when the handler is, so most
 * requests are answered in the tick their bytes arrived in. Any failure is turned into an outcome:
 * nothing a client sends, and nothing a handler throws, may escape to the process.
 */
export class Router {
  readonly supportedApis: readonly SupportedApi[];
  private readonly handlers: ReadonlyMap<number, ApiHandler>;

  constructor(
    handlers: readonly ApiHandler[],
    private readonly broker: BrokerContext,
  ) {
    this.handlers = new Map(handlers.map((handler) => [handler.apiKey, handler]));
    this.supportedApis = API_MESSAGES.filter((api) => this.handlers.has(api.apiKey))
      .map(({ apiKey, minVersion, maxVersion }) => ({ apiKey, minVersion, maxVersion }))
      .sort((a, b) => a.apiKey - b.apiKey);
  }

  route(frame: Buffer, connection: ConnectionInfo): RouteOutcome | Promise<RouteOutcome> {
    let decoded: { header: RequestHeader; bodyOffset: number };
    try {
      decoded = decodeRequestHeader(frame);
    } catch (error) {
      return closeConnection(`unreadable request header (${describeError(error)})`);
    }
    const { header, bodyOffset } = decoded;
    const api = apiByKey(header.apiKey);
    const handler = this.handlers.get(header.apiKey);
    if (!api || !handler) return closeConnection(`unsupported API key ${header.apiKey}`);
    if (header.apiKey === ApiKey.ApiVersions && header.apiVersion > api.maxVersion) {
      return this.unsupportedApiVersions(header.correlationId);
    }
    if (!supportsVersion(api, header.apiVersion)) {
      return closeConnection(`unsupported ${api.name} v${header.apiVersion} (v${api.minVersion}-${api.maxVersion} served)`);
    }

    let request: unknown;
    try {
      request = decodeRequestBody(api, header.apiVersion, frame, bodyOffset);
    } catch (error) {
      return closeConnection(`malformed ${api.name} v${header.apiVersion} request (${describeError(error)})`);
    }
    const ctx: RequestContext = { ...header, ...connection, broker: this.broker, supportedApis: this.supportedApis };
    try {
      const result = handler.handle(request, ctx);
      if (isPromiseLike(result)) {
        return Promise.resolve(result).then(
          (answer) => this.encode(api, header, answer),
          (error: unknown) => handlerFailed(api, error),
        );
      }
      return this.encode(api, header, result);
    } catch (error) {
      return handlerFailed(api, error);
    }
  }

  /**
   * KIP-511: a client newer than us asks with a version we do not know. Kafka answers in v0 with
   * UNSUPPORTED_VERSION and the range it does serve, so the client retries with a version we speak.
   */
  private unsupportedApiVersions(correlationId: number): RouteOutcome {
    const { minVersion, maxVersion } = apiVersionsApi;
    return respond(
      encodeResponseFrame(apiVersionsApi, 0, correlationId, {
        errorCode: ErrorCode.UNSUPPORTED_VERSION,
        apiKeys: [{ apiKey: ApiKey.ApiVersions, minVersion, maxVersion }],
      }),
    );
  }

  private encode(api: ApiMessage, header: RequestHeader, answer: unknown): RouteOutcome {
    if (answer === NO_RESPONSE) return SILENT;
    try {
      return respond(encodeResponseFrame(api, header.apiVersion, header.correlationId, answer as never));
    } catch (error) {
      return closeConnection(`could not encode the ${api.name} v${header.apiVersion} response (${describeError(error)})`);
    }
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function';
}

function handlerFailed(api: ApiMessage, error: unknown): RouteOutcome {
  const where = error instanceof Error && error.stack ? `\n${error.stack}` : '';
  return closeConnection(`${api.name} handler failed (${describeError(error)})${where}`);
}
