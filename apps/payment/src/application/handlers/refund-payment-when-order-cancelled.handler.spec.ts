import { randomUUID } from 'node:crypto';
import { eventually } from '@saga/testing';
import { paymentIdFor } from '../../domain/payment-id';
import { inventoryReserved, orderCancel, PaymentTestbed, usePaymentTestbed } from '../../__fixtures__/payment-testbed';

describe('RefundPaymentWhenOrderCancelledHandler', () => {
  let bed: PaymentTestbed;
  usePaymentTestbed((started) => (bed = started));

  it('refunds a charged order once and emits PAYMENT_REFUNDED, however often the cancel is delivered', async () => {
    const orderId = randomUUID();
    await bed.charge.handle(inventoryReserved(orderId, 'alice', 8_900));
    const cancel = orderCancel(orderId, 'CUSTOMER_CANCELLED');

    await bed.refund.handle(cancel);
    await bed.refund.handle(cancel);
    await Promise.all([bed.deliver(cancel), bed.deliver(orderCancel(orderId, 'TIMEOUT'))]);

    expect(await bed.balanceOf('alice')).toBe(100_000);
    expect(await bed.paymentOf(orderId)).toMatchObject({ status: 'REFUNDED', amountCents: 8_900 });
    expect(await bed.ledgerOf(orderId)).toEqual([
      { kind: 'CHARGE', amount: 8_900 },
      { kind: 'REFUND', amount: 8_900 },
    ]);
    const emitted = await bed.emittedFor(orderId);
    expect(emitted.map((e) => e.type)).toEqual(['PAYMENT_COMPLETED', 'PAYMENT_REFUNDED']);
    expect(emitted[1]).toMatchObject({
      transactionId: cancel.transactionId,
      payload: { paymentId: paymentIdFor(orderId), customerId: 'alice', amountCents: 8_900 },
    });
  });

  it('leaves a VOIDED tombstone when the cancel comes first, so the late reservation never charges', async () => {
    const orderId = randomUUID();
    await bed.refund.handle(orderCancel(orderId, 'TIMEOUT'));
    expect(await bed.paymentOf(orderId)).toMatchObject({ status: 'VOIDED', reason: 'TIMEOUT', customerId: null, amountCents: null });
    expect(await bed.emittedFor(orderId)).toEqual([]);

    const reserved = inventoryReserved(orderId, 'bob', 4_900);
    await bed.charge.handle(reserved);
    await bed.charge.handle(reserved);
    await bed.charge.handle(inventoryReserved(orderId, 'bob', 4_900));

    expect(bed.gateway.calls).toEqual([]);
    expect(await bed.balanceOf('bob')).toBe(50_000);
    expect(await bed.ledgerOf(orderId)).toEqual([]);
    expect(await bed.paymentOf(orderId)).toMatchObject({ status: 'VOIDED', customerId: 'bob', amountCents: 4_900 });
    expect(await bed.emittedFor(orderId)).toEqual([
      expect.objectContaining({
        type: 'PAYMENT_FAILED',
        transactionId: reserved.transactionId,
        payload: { customerId: 'bob', amountCents: 4_900, reason: 'ORDER_CANCELLED' },
      }),
    ]);
  });

  it('has nothing to undo when the payment was declined', async () => {
    const orderId = randomUUID();
    await bed.charge.handle(inventoryReserved(orderId, 'erin', 24_900));
    await bed.refund.handle(orderCancel(orderId, 'PAYMENT_DECLINED'));

    expect(await bed.balanceOf('erin')).toBe(1_500);
    expect(await bed.paymentOf(orderId)).toMatchObject({ status: 'DECLINED', reason: 'INSUFFICIENT_FUNDS' });
    expect((await bed.emittedFor(orderId)).map((e) => e.type)).toEqual(['PAYMENT_FAILED']);
  });

  it('charges nothing when the cancel commits while the gateway is still answering', async () => {
    const orderId = randomUUID();
    const reserved = inventoryReserved(orderId, 'carol', 3_900);
    bed.gateway.answer = async () => {
      await bed.refund.handle(orderCancel(orderId, 'CUSTOMER_CANCELLED'));
      return 'APPROVED';
    };

    // The charge decides again on its locked row, which is the tombstone by now: the approval goes unused.
    await bed.charge.handle(reserved);
    await bed.charge.handle(reserved);

    expect(await bed.balanceOf('carol')).toBe(200_000);
    expect(await bed.ledgerOf(orderId)).toEqual([]);
    expect(await bed.paymentOf(orderId)).toMatchObject({ status: 'VOIDED', reason: 'CUSTOMER_CANCELLED' });
    expect(await bed.emittedFor(orderId)).toEqual([
      expect.objectContaining({ type: 'PAYMENT_FAILED', payload: expect.objectContaining({ reason: 'ORDER_CANCELLED' }) }),
    ]);
  });

  it('refunds a charge that commits while the cancel is writing its tombstone', async () => {
    const orderId = randomUUID();
    // A charge transaction caught between its INSERT and its COMMIT (the statements the charge handler runs).
    const charging = bed.dataSource.createQueryRunner();
    await charging.startTransaction();
    await charging.query(`UPDATE accounts SET balance_cents = balance_cents - 2500 WHERE customer_id = 'dave'`);
    await charging.query(
      `INSERT INTO payments (order_id, payment_id, customer_id, amount_cents, status) VALUES ($1, $2, 'dave', 2500, 'CHARGED')`,
      [orderId, paymentIdFor(orderId)],
    );
    await charging.query(
      `INSERT INTO ledger_entries (customer_id, kind, amount_cents, order_id) VALUES ('dave', 'CHARGE', 2500, $1)`,
      [orderId],
    );

    const cancelling = bed.refund.handle(orderCancel(orderId));
    // The cancel found no payment row and its tombstone INSERT now waits on the charge's row.
    await eventually(async () => {
      const [{ waiting }] = await bed.dataSource.query(
        `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      return waiting === 1;
    });
    await charging.commitTransaction();
    await charging.release();
    await cancelling;

    expect(await bed.paymentOf(orderId)).toMatchObject({ status: 'REFUNDED' });
    expect(await bed.balanceOf('dave')).toBe(75_000);
    expect((await bed.emittedFor(orderId)).map((e) => e.type)).toEqual(['PAYMENT_REFUNDED']);
  });
});
