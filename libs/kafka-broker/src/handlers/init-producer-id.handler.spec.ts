import { ErrorCode } from '../errors';
import { InitProducerIdResponse } from '../protocol/messages/init-producer-id';
import { DataPathContext, dataPathContext } from './__fixtures__/data-path-context';
import { initProducerIdHandler } from './init-producer-id.handler';

describe('init producer id handler', () => {
  let context: DataPathContext;
  const initProducerId = async (transactionalId: string | null) =>
    (await initProducerIdHandler.handle({ transactionalId, transactionTimeoutMs: 60_000 }, context.ctx)) as InitProducerIdResponse;

  beforeEach(() => {
    context = dataPathContext({ apiKey: 22, apiVersion: 1 });
  });

  afterEach(() => context.close());

  it('hands each idempotent producer its own id at epoch 0', async () => {
    const first = await initProducerId(null);
    const second = await initProducerId(null);
    expect(first).toMatchObject({ errorCode: 0, producerEpoch: 0 });
    expect(second).toMatchObject({ errorCode: 0, producerEpoch: 0 });
    expect(first.producerId).toBeGreaterThanOrEqual(0);
    expect(second.producerId).not.toBe(first.producerId);
  });

  it('refuses a transactional id with a fatal error, since transactions are not supported', async () => {
    expect(await initProducerId('txn-1')).toEqual({
      throttleTimeMs: 0,
      errorCode: ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED,
      producerId: -1,
      producerEpoch: -1,
    });
  });
});
