import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { SagaEvent } from '@saga/events';
import { isTransientError, TransientError } from '@saga/messaging';
import { queriesOf } from '@saga/testing';
import { paymentIdFor } from '../../domain/payment-id';
import { PaymentRowTaken } from '../../persistence/payments.repository';
import { inventoryReserved, orderCancel, PaymentTestbed, usePaymentTestbed } from '../../__fixtures__/payment-testbed';

type Delivery = SagaEvent<'INVENTORY_RESERVED'> | SagaEvent<'ORDER_CANCEL'>;

const CUSTOMERS = ['alice', 'bob', 'carol', 'dave'];

/** A batch of `size` events of every kind: charges, a decline for funds, an unknown customer, refunds, early cancels. */
async function mixedBatch(bed: PaymentTestbed, size: number): Promise<Delivery[]> {
  const charged = Array.from({ length: Math.ceil(size / 4) }, (_, i) => inventoryReserved(randomUUID(), CUSTOMERS[i % 4], 100));
  for (const event of charged) await bed.charge.handle(event);
  const batch: Delivery[] = [];
  for (let i = 0; batch.length < size; i++) {
    const kind = i % 4;
    if (kind === 0) batch.push(inventoryReserved(randomUUID(), CUSTOMERS[i % 3], 200));
    if (kind === 1) batch.push(inventoryReserved(randomUUID(), i % 8 === 1 ? 'erin' : 'mallory', 9_000));
    if (kind === 2) batch.push(orderCancel(charged[Math.floor(i / 4)].orderId));
    if (kind === 3) batch.push(orderCancel(randomUUID()));
  }
  return batch;
}

async function noTransactionIsOpen(bed: PaymentTestbed): Promise<boolean> {
  const [{ open }] = await bed.dataSource.query(
    `SELECT count(*)::int AS open FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
  );
  return open === 0;
}

describe('PaymentBatchPreparation', () => {
  let bed: PaymentTestbed;
  usePaymentTestbed((started) => (bed = started));

  it('applies a batch in the same few statements whatever its size', async () => {
    const [small, large] = [await mixedBatch(bed, 8), await mixedBatch(bed, 40)];

    const forSmall = await queriesOf(() => bed.applyBatch(small));
    const forLarge = await queriesOf(() => bed.applyBatch(large));

    // One read before the transaction; BEGIN, inbox claim, lock payments, lock accounts, one statement for the
    // INSERT and UPDATE of payments, the UPDATE of balances, the INSERT of ledger entries and the outbox append,
    // COMMIT. BEGIN leaves with the claim, COMMIT with the last statement.
    expect(forLarge.statements.length).toBe(forSmall.statements.length);
    expect(forLarge.statements).toHaveLength(7);
    expect(forLarge.roundTrips).toBe(5);
    const statuses = await bed.dataSource.query(
      `SELECT status, count(*)::int AS n FROM payments WHERE order_id = ANY($1::uuid[]) GROUP BY status ORDER BY status`,
      [large.map((e) => e.orderId)],
    );
    expect(statuses).toEqual([
      { status: 'CHARGED', n: 10 },
      { status: 'DECLINED', n: 10 },
      { status: 'REFUNDED', n: 10 },
      { status: 'VOIDED', n: 10 },
    ]);
  });

  it('lets a later event of a batch see what an earlier one did to the same account', async () => {
    const [first, second] = [inventoryReserved(randomUUID(), 'erin', 1_000), inventoryReserved(randomUUID(), 'erin', 1_000)];

    expect(await bed.deliverBatch([first, second])).toBe('BATCH');

    expect(await bed.balanceOf('erin')).toBe(500);
    expect(await bed.paymentOf(first.orderId)).toMatchObject({ status: 'CHARGED' });
    expect(await bed.paymentOf(second.orderId)).toMatchObject({ status: 'DECLINED', reason: 'INSUFFICIENT_FUNDS' });
  });

  it('charges nothing for a reservation whose cancel came earlier in the same batch', async () => {
    const orderId = randomUUID();
    const reserved = inventoryReserved(orderId, 'bob', 4_900);

    expect(await bed.deliverBatch([orderCancel(orderId, 'TIMEOUT'), reserved])).toBe('BATCH');

    expect(await bed.balanceOf('bob')).toBe(50_000);
    expect(await bed.paymentOf(orderId)).toMatchObject({ status: 'VOIDED', reason: 'TIMEOUT', customerId: 'bob', amountCents: 4_900 });
    expect((await bed.emittedFor(orderId)).map((e) => [e.type, (e.payload as { reason?: string }).reason])).toEqual([
      ['PAYMENT_FAILED', 'ORDER_CANCELLED'],
    ]);
  });

  it('charges and refunds an order whose reservation and cancel share a batch', async () => {
    const orderId = randomUUID();

    expect(await bed.deliverBatch([inventoryReserved(orderId, 'carol', 2_000), orderCancel(orderId)])).toBe('BATCH');

    expect(await bed.balanceOf('carol')).toBe(200_000);
    expect(await bed.ledgerOf(orderId)).toEqual([
      { kind: 'CHARGE', amount: 2_000 },
      { kind: 'REFUND', amount: 2_000 },
    ]);
    expect((await bed.emittedFor(orderId)).map((e) => e.type)).toEqual(['PAYMENT_COMPLETED', 'PAYMENT_REFUNDED']);
  });

  it('asks the gateway for all charges at once, before the transaction opens, and only for orders without a payment', async () => {
    const cancelled = randomUUID();
    await bed.refund.handle(orderCancel(cancelled));
    const charges = CUSTOMERS.map((customer) => inventoryReserved(randomUUID(), customer, 300));
    let release!: () => void;
    const allAsked = new Promise<void>((resolve) => (release = resolve));
    const withoutOpenTransaction: boolean[] = [];
    bed.gateway.answer = async () => {
      withoutOpenTransaction.push(await noTransactionIsOpen(bed));
      if (bed.gateway.calls.length === charges.length) release();
      // One call at a time would never see the others arrive.
      await Promise.race([allAsked, delay(2_000, undefined, { ref: false }).then(() => Promise.reject(new Error('the gateway calls were not concurrent')))]);
      return 'APPROVED';
    };

    expect(await bed.deliverBatch([...charges, inventoryReserved(cancelled, 'alice', 300)])).toBe('BATCH');

    expect(bed.gateway.calls.map((call) => call.orderId).sort()).toEqual(charges.map((e) => e.orderId).sort());
    expect(withoutOpenTransaction).toEqual(charges.map(() => true));
    for (const event of charges) expect(await bed.paymentOf(event.orderId)).toMatchObject({ status: 'CHARGED' });
  });

  it('applies the batch one by one when the gateway fails for one of its charges, which is then retried', async () => {
    const [flaky, steady] = [inventoryReserved(randomUUID(), 'alice', 700), inventoryReserved(randomUUID(), 'bob', 800)];
    let failures = 1;
    bed.gateway.answer = async (request) => {
      if (request.orderId === flaky.orderId && failures-- > 0) throw new TransientError('gateway timed out');
      return 'APPROVED';
    };

    expect(await bed.deliverBatch([flaky, steady])).toBe('ONE_BY_ONE');

    expect(await bed.balanceOf('alice')).toBe(100_000 - 700);
    expect(await bed.balanceOf('bob')).toBe(50_000 - 800);
    // The answer obtained for the steady charge before the batch serves it alone: not asked twice.
    expect(bed.gateway.calls.map((call) => call.orderId)).toEqual([flaky.orderId, steady.orderId, flaky.orderId]);
  });

  it('refuses a charge inside a batch that obtained no authorization before it, and writes nothing', async () => {
    const reserved = inventoryReserved(randomUUID(), 'dave', 900);

    const prepare = bed.preparation.inTransaction.bind(bed.preparation);
    const batch = bed.runner.runBatch([reserved, orderCancel(randomUUID())], (e) => bed.dispatch(e as Delivery), prepare);
    await expect(batch).rejects.toThrow(/authorization/);

    expect(bed.gateway.calls).toEqual([]);
    expect(await bed.paymentOf(reserved.orderId)).toBeNull();
    // Applied alone afterwards, it asks the gateway itself.
    await bed.charge.handle(reserved);
    expect(bed.gateway.calls).toEqual([expect.objectContaining({ paymentId: paymentIdFor(reserved.orderId) })]);
    expect(await bed.balanceOf('dave')).toBe(75_000 - 900);
  });

  it('rolls the whole batch back when its flush fails, then applies every event once, one by one', async () => {
    const events = [inventoryReserved(randomUUID(), 'alice', 1_000), inventoryReserved(randomUUID(), 'bob', 2_000), orderCancel(randomUUID())];
    const [, taken] = events;
    // Another transaction commits a payment row for the second order while the batch is running.
    const dispatch = async (event: SagaEvent) => {
      if (event === events[2]) {
        await bed.dataSource.query(`INSERT INTO payments (order_id, payment_id, status, reason) VALUES ($1, $2, 'VOIDED', 'TIMEOUT')`, [
          taken.orderId,
          paymentIdFor(taken.orderId),
        ]);
      }
      return bed.dispatch(event as Delivery);
    };
    await bed.preparation.beforeTransaction(events);

    const failure = bed.runner.runBatch(events, dispatch, bed.preparation.inTransaction.bind(bed.preparation));
    await expect(failure).rejects.toBeInstanceOf(PaymentRowTaken);
    await expect(failure).rejects.toMatchObject({ orderIds: expect.arrayContaining([taken.orderId]) });

    expect(await bed.balanceOf('alice')).toBe(100_000);
    expect(await bed.paymentOf(events[0].orderId)).toBeNull();
    expect(await bed.paymentOf(events[2].orderId)).toBeNull();
    expect(await bed.dataSource.query('SELECT * FROM outbox_message')).toEqual([]);
    expect(await bed.dataSource.query('SELECT * FROM processed_message')).toEqual([]);

    for (const event of events) await bed.deliver(event);
    expect(await bed.balanceOf('alice')).toBe(100_000 - 1_000);
    expect(await bed.balanceOf('bob')).toBe(50_000);
    expect((await bed.emittedFor(events[0].orderId)).map((e) => e.type)).toEqual(['PAYMENT_COMPLETED']);
    expect((await bed.emittedFor(taken.orderId)).map((e) => e.type)).toEqual(['PAYMENT_FAILED']);
    expect(await bed.paymentOf(events[2].orderId)).toMatchObject({ status: 'VOIDED' });
  });

  describe('a charge of the same order committed by another transaction after the locking read', () => {
    /**
     * Applies `reserved` as a batch, with `elsewhere` ($1 order, $2 payment id, $3 amount) committed by another
     * transaction once the batch holds its locks. Its rows name dave, whose account the batch does not lock.
     */
    async function applyWhile(reserved: SagaEvent<'INVENTORY_RESERVED'>, elsewhere: string): Promise<unknown> {
      const { orderId, payload } = reserved;
      const dispatch = async (event: SagaEvent) => {
        await bed.dataSource.query(elsewhere, [orderId, paymentIdFor(orderId), payload.totalCents]);
        return bed.dispatch(event as Delivery);
      };
      await bed.preparation.beforeTransaction([reserved]);
      return bed.runner.runBatch([reserved], dispatch, bed.preparation.inTransaction.bind(bed.preparation)).catch((error: unknown) => error);
    }

    it('rolls back as a retry, and the retry charges nothing more', async () => {
      const reserved = inventoryReserved(randomUUID(), 'carol', 700);
      const before = await bed.balanceOf('carol');

      const failure = await applyWhile(
        reserved,
        `WITH payment AS (INSERT INTO payments (order_id, payment_id, customer_id, amount_cents, status) VALUES ($1, $2, 'dave', $3, 'CHARGED')),
              debit AS (UPDATE accounts SET balance_cents = balance_cents - $3 WHERE customer_id = 'dave')
         INSERT INTO ledger_entries (order_id, customer_id, amount_cents, kind) VALUES ($1, 'dave', $3, 'CHARGE')`,
      );

      expect(failure).toBeInstanceOf(PaymentRowTaken);
      await bed.deliver(reserved);
      expect(await bed.balanceOf('carol')).toBe(before);
      expect(await bed.emittedFor(reserved.orderId)).toEqual([]);
      const [{ charges }] = await bed.dataSource.query(`SELECT count(*)::int AS charges FROM ledger_entries WHERE order_id = $1`, [reserved.orderId]);
      expect(charges).toBe(1);
    });

    it('fails, not as a retry, when only the ledger holds it: a ledger out of step with its payments', async () => {
      const reserved = inventoryReserved(randomUUID(), 'carol', 700);
      const before = await bed.balanceOf('carol');

      const failure = await applyWhile(
        reserved,
        `INSERT INTO ledger_entries (order_id, customer_id, amount_cents, kind) SELECT $1::uuid, 'dave', $3, 'CHARGE' WHERE $2::uuid IS NOT NULL`,
      );

      expect(failure).toBeInstanceOf(Error);
      expect(isTransientError(failure)).toBe(false);
      expect((failure as Error).message).toMatch(/ledger already holds a charge or refund/);
      expect(await bed.paymentOf(reserved.orderId)).toBeNull();
      expect(await bed.balanceOf('carol')).toBe(before);
      await bed.dataSource.query('DELETE FROM ledger_entries WHERE order_id = $1', [reserved.orderId]);
    });
  });
});
