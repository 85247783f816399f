import { request, RunningPaymentApi, startPaymentApi } from '../__fixtures__/payment-api';

describe('AccountsController', () => {
  let api: RunningPaymentApi;

  beforeAll(async () => {
    api = await startPaymentApi();
  });
  afterAll(() => api.stop());

  it('lists the seeded demo customers with their balances', async () => {
    expect(await request(api, 'GET', '/accounts')).toEqual({
      status: 200,
      body: [
        { customerId: 'alice', balanceCents: 100_000 },
        { customerId: 'bob', balanceCents: 50_000 },
        { customerId: 'carol', balanceCents: 200_000 },
        { customerId: 'dave', balanceCents: 75_000 },
        { customerId: 'erin', balanceCents: 1_500 },
      ],
    });
  });

  it('returns one account', async () => {
    expect(await request(api, 'GET', '/accounts/erin')).toEqual({ status: 200, body: { customerId: 'erin', balanceCents: 1_500 } });
  });

  it('answers 404 with a reason for an unknown customer', async () => {
    expect(await request(api, 'GET', '/accounts/nobody')).toEqual({
      status: 404,
      body: { statusCode: 404, error: 'Not Found', message: 'no account for customer "nobody"' },
    });
  });

  it('adds a deposit to an existing account and books it in the ledger', async () => {
    expect(await request(api, 'POST', '/accounts/bob/deposit', { amountCents: 2_500 })).toEqual({
      status: 200,
      body: { customerId: 'bob', balanceCents: 52_500, created: false },
    });
    expect((await request(api, 'GET', '/accounts/bob')).body.balanceCents).toBe(52_500);
    const [{ booked }] = await api.dataSource.query(
      `SELECT sum(amount_cents)::int AS booked FROM ledger_entries WHERE customer_id = 'bob' AND kind = 'DEPOSIT'`,
    );
    expect(booked).toBe(52_500);
  });

  it('opens an account for an unknown customer on first deposit and says so', async () => {
    expect(await request(api, 'POST', '/accounts/frank/deposit', { amountCents: 1_000 })).toEqual({
      status: 200,
      body: { customerId: 'frank', balanceCents: 1_000, created: true },
    });
    expect(await request(api, 'GET', '/accounts/frank')).toEqual({ status: 200, body: { customerId: 'frank', balanceCents: 1_000 } });
  });

  it.each([
    ['a missing amount', {}, 'amountCents must be an integer number of cents'],
    ['zero', { amountCents: 0 }, 'amountCents must not be less than 1'],
    ['a negative amount', { amountCents: -500 }, 'amountCents must not be less than 1'],
    ['a fraction of a cent', { amountCents: 10.5 }, 'amountCents must be an integer number of cents'],
    ['a string', { amountCents: '100' }, 'amountCents must be an integer number of cents'],
    ['more than the deposit limit', { amountCents: 100_000_001 }, 'amountCents must not be greater than 100000000'],
    ['an unknown field', { amountCents: 100, currency: 'EUR' }, 'property currency should not exist'],
  ])('rejects a deposit of %s with 400 and the reason', async (_case, body, reason) => {
    const response = await request(api, 'POST', '/accounts/alice/deposit', body);
    expect(response).toEqual({ status: 400, body: expect.objectContaining({ statusCode: 400, error: 'Bad Request' }) });
    expect(response.body.message).toContain(reason);
    expect((await request(api, 'GET', '/accounts/alice')).body.balanceCents).toBe(100_000);
  });

  it('rejects a body that is not JSON with 400', async () => {
    expect((await request(api, 'POST', '/accounts/alice/deposit', '{"amountCents":')).status).toBe(400);
  });

  it('rejects a customer id longer than 64 characters with 400', async () => {
    const response = await request(api, 'POST', `/accounts/${'x'.repeat(65)}/deposit`, { amountCents: 100 });
    expect(response.status).toBe(400);
    expect(response.body.message).toContain('customerId must be shorter than or equal to 64 characters');
  });
});
