import { ErrorCode } from '../errors';
import { FindCoordinatorRequest, FindCoordinatorResponse } from '../protocol/messages/find-coordinator';
import { ApiHandler } from './handler';

const GROUP_KEY = 0;
const TRANSACTION_KEY = 1;

/**
 * A single node coordinates every group and every transactional id, so the answer is always this
 * broker. librdkafka needs v0 of this API to even try group consumption (see ApiVersions).
 */
export const findCoordinatorHandler: ApiHandler<FindCoordinatorRequest, FindCoordinatorResponse> = {
  apiKey: 10,
  name: 'FindCoordinator',
  handle(request, ctx) {
    const keyType = request.keyType ?? GROUP_KEY;
    if (keyType !== GROUP_KEY && keyType !== TRANSACTION_KEY) {
      return {
        throttleTimeMs: 0,
        errorCode: ErrorCode.INVALID_REQUEST,
        errorMessage: `unknown coordinator key type ${keyType}`,
        nodeId: -1,
        host: '',
        port: -1,
      };
    }
    const { nodeId, host, port } = ctx.broker;
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, errorMessage: null, nodeId, host, port };
  },
};
