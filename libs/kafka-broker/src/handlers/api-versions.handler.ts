import { ErrorCode } from '../errors';
import { ApiVersionsRequest, ApiVersionsResponse } from '../protocol/messages/api-versions';
import { ApiKey } from '../protocol/registry';
import { ApiHandler } from './handler';

/**
 * Advertises exactly what the routing server can serve (codec versions ∩ registered handlers):
 * clients pick min(their max, our max) and some read features off our minimums, so a range that
 * drifted from the implementation would break them in ways that are hard to trace.
 */
export const apiVersionsHandler: ApiHandler<ApiVersionsRequest, ApiVersionsResponse> = {
  apiKey: ApiKey.ApiVersions,
  name: 'ApiVersions',
  handle: (_request, ctx) => ({
    errorCode: ErrorCode.NONE,
    apiKeys: ctx.supportedApis.map(({ apiKey, minVersion, maxVersion }) => ({ apiKey, minVersion, maxVersion })),
    throttleTimeMs: 0,
  }),
};
