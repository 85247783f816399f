import { ErrorCode } from '../errors';
import { InitProducerIdRequest, InitProducerIdResponse } from '../protocol/messages/init-producer-id';
import { ApiHandler } from './handler';

/**
 * Hands an idempotent producer a fresh id (epoch 0) from the store's persistent counter. Transactions
 * are not implemented: a transactional id is refused with a fatal authorization error, so the client
 * fails at connect instead of retrying or writing records no transaction will ever commit.
 */
export const initProducerIdHandler: ApiHandler<InitProducerIdRequest, InitProducerIdResponse> = {
  apiKey: 22,
  name: 'InitProducerId',
  handle(request, ctx) {
    if (request.transactionalId !== null) {
      ctx.broker.log(`refusing transactional id '${request.transactionalId}': transactions are not supported`);
      return { throttleTimeMs: 0, errorCode: ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, producerId: -1, producerEpoch: -1 };
    }
    const { producerId, producerEpoch } = ctx.broker.topics.allocateProducerId();
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, producerId, producerEpoch };
  },
};
