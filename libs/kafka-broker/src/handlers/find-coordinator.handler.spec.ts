import { ErrorCode } from '../errors';
import { GroupHandlerHarness } from '../group/__fixtures__/handler-harness';
import { findCoordinatorApi } from '../protocol';
import { findCoordinatorHandler } from './find-coordinator.handler';

describe('findCoordinatorHandler', () => {
  const harness = new GroupHandlerHarness();
  afterAll(() => harness.close());

  it('names this node for a group key in v0, which has only the address fields', async () => {
    const response = await harness.call(findCoordinatorHandler, findCoordinatorApi, 0, { key: 'g', keyType: 0 });
    expect(response).toEqual({ errorCode: 0, nodeId: 0, host: 'broker.test', port: 19092 });
  });

  it('names this node for a transactional id in v2', async () => {
    const response = await harness.call(findCoordinatorHandler, findCoordinatorApi, 2, { key: 'tx', keyType: 1 });
    expect(response).toEqual({ throttleTimeMs: 0, errorCode: 0, errorMessage: null, nodeId: 0, host: 'broker.test', port: 19092 });
  });

  it('answers INVALID_REQUEST when the key type is neither group nor transaction', async () => {
    const response = await harness.call(findCoordinatorHandler, findCoordinatorApi, 1, { key: 'x', keyType: 7 });
    expect(response.errorCode).toBe(ErrorCode.INVALID_REQUEST);
  });
});
