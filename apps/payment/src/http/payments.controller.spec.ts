import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { TransactionRunner } from '@saga/messaging';
import { paymentIdFor } from '../domain/payment-id';
import { PaymentsRepository } from '../persistence/payments.repository';
import { request, RunningPaymentApi, startPaymentApi } from '../__fixtures__/payment-api';

describe('PaymentsController', () => {
  let api: RunningPaymentApi;
  const payments = new PaymentsRepository();

  beforeAll(async () => {
    api = await startPaymentApi();
  });
  // The repository defers its writes to the commit of a TransactionRunner transaction.
  const write = (work: (manager: EntityManager) => void) => api.app.get(TransactionRunner).run(async (manager) => work(manager));
  afterAll(() => api.stop());

  it.each([
    ['is missing', ''],
    ['is not a UUID', '?orderId=42'],
  ])('answers 400 with a reason when orderId %s', async (_case, query) => {
    expect(await request(api, 'GET', `/payments${query}`)).toEqual({
      status: 400,
      body: { statusCode: 400, error: 'Bad Request', message: ['orderId is required and must be a UUID'] },
    });
  });

  it('answers an empty list for an order without a payment', async () => {
    expect(await request(api, 'GET', `/payments?orderId=${randomUUID()}`)).toEqual({ status: 200, body: [] });
  });

  it('returns a charged payment without a reason', async () => {
    const orderId = randomUUID();
    const paymentId = paymentIdFor(orderId);
    await write((manager) => payments.add(manager, { orderId, paymentId, customerId: 'alice', amountCents: 8_900, status: 'CHARGED' }));

    const response = await request(api, 'GET', `/payments?orderId=${orderId}`);
    expect(response).toEqual({
      status: 200,
      body: [
        {
          paymentId,
          orderId,
          customerId: 'alice',
          amountCents: 8_900,
          status: 'CHARGED',
          createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
          updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        },
      ],
    });
  });

  it('returns a declined payment with its reason', async () => {
    const orderId = randomUUID();
    await write((manager) => payments.add(manager, {
      orderId,
      paymentId: paymentIdFor(orderId),
      customerId: 'erin',
      amountCents: 24_900,
      status: 'DECLINED',
      reason: 'INSUFFICIENT_FUNDS',
    }));
    const [payment] = (await request(api, 'GET', `/payments?orderId=${orderId}`)).body;
    expect(payment).toMatchObject({ status: 'DECLINED', reason: 'INSUFFICIENT_FUNDS', amountCents: 24_900 });
  });

  it('returns a tombstone of an order cancelled before its reservation, with neither customer nor amount', async () => {
    const orderId = randomUUID();
    await write((manager) => payments.addTombstone(manager, { orderId, paymentId: paymentIdFor(orderId), reason: 'TIMEOUT' }));
    const [payment] = (await request(api, 'GET', `/payments?orderId=${orderId}`)).body;
    expect(payment).toMatchObject({ status: 'VOIDED', reason: 'TIMEOUT', customerId: null, amountCents: null });
  });
});
