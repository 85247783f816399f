import { randomUUID } from 'node:crypto';
import { TransientError } from '@saga/messaging';
import { paymentIdFor } from '../../domain/payment-id';
import { inventoryReserved, PaymentTestbed, usePaymentTestbed } from '../../__fixtures__/payment-testbed';

describe('ChargePaymentWhenInventoryReservedHandler', () => {
  let bed: PaymentTestbed;
  usePaymentTestbed((started) => (bed = started));

  it('charges the account, books a CHARGE and emits PAYMENT_COMPLETED when the balance covers the total', async () => {
    const orderId = randomUUID();
    const event = inventoryReserved(orderId, 'alice', 13_900);

    await bed.charge.handle(event);

    const paymentId = paymentIdFor(orderId);
    expect(await bed.balanceOf('alice')).toBe(100_000 - 13_900);
    expect(await bed.paymentOf(orderId)).toMatchObject({ paymentId, status: 'CHARGED', customerId: 'alice', amountCents: 13_900, reason: null });
    expect(await bed.ledgerOf(orderId)).toEqual([{ kind: 'CHARGE', amount: 13_900 }]);
    expect(bed.gateway.calls).toEqual([{ paymentId, orderId, customerId: 'alice', amountCents: 13_900 }]);
    expect(await bed.emittedFor(orderId)).toEqual([
      expect.objectContaining({
        type: 'PAYMENT_COMPLETED',
        transactionId: event.transactionId,
        payload: { paymentId, customerId: 'alice', amountCents: 13_900 },
      }),
    ]);
  });

  it('charges a balance down to exactly zero', async () => {
    const orderId = randomUUID();
    await bed.charge.handle(inventoryReserved(orderId, 'erin', 1_500));
    expect(await bed.balanceOf('erin')).toBe(0);
    expect(await bed.paymentOf(orderId)).toMatchObject({ status: 'CHARGED' });
  });

  it('declines with INSUFFICIENT_FUNDS and moves no money when the balance is too low', async () => {
    const orderId = randomUUID();
    await bed.charge.handle(inventoryReserved(orderId, 'erin', 3_900));

    expect(await bed.balanceOf('erin')).toBe(1_500);
    expect(await bed.paymentOf(orderId)).toMatchObject({ status: 'DECLINED', reason: 'INSUFFICIENT_FUNDS' });
    expect(await bed.ledgerOf(orderId)).toEqual([]);
    expect(await bed.emittedFor(orderId)).toEqual([
      expect.objectContaining({ type: 'PAYMENT_FAILED', payload: { customerId: 'erin', amountCents: 3_900, reason: 'INSUFFICIENT_FUNDS' } }),
    ]);
  });

  it('declines with DECLINED and moves no money when the gateway refuses', async () => {
    const orderId = randomUUID();
    bed.gateway.answer = async () => 'DECLINED';
    await bed.charge.handle(inventoryReserved(orderId, 'alice', 2_500));

    expect(await bed.balanceOf('alice')).toBe(100_000);
    expect(await bed.paymentOf(orderId)).toMatchObject({ status: 'DECLINED', reason: 'DECLINED' });
    expect(await bed.emittedFor(orderId)).toEqual([
      expect.objectContaining({ type: 'PAYMENT_FAILED', payload: expect.objectContaining({ reason: 'DECLINED' }) }),
    ]);
  });

  it('fails with UNKNOWN_CUSTOMER when the customer has no account', async () => {
    const orderId = randomUUID();
    await bed.charge.handle(inventoryReserved(orderId, 'mallory', 2_500));

    expect(await bed.paymentOf(orderId)).toMatchObject({ status: 'DECLINED', reason: 'UNKNOWN_CUSTOMER', customerId: 'mallory' });
    expect(await bed.emittedFor(orderId)).toEqual([
      expect.objectContaining({ type: 'PAYMENT_FAILED', payload: { customerId: 'mallory', amountCents: 2_500, reason: 'UNKNOWN_CUSTOMER' } }),
    ]);
  });

  it('surfaces a gateway outage as a TransientError, writes nothing, and charges once when retried', async () => {
    const orderId = randomUUID();
    const event = inventoryReserved(orderId, 'bob', 4_900);
    bed.gateway.answer = async () => {
      throw new TransientError('gateway timed out');
    };

    await expect(bed.charge.handle(event)).rejects.toBeInstanceOf(TransientError);
    expect(await bed.paymentOf(orderId)).toBeNull();
    expect(await bed.emittedFor(orderId)).toEqual([]);

    bed.gateway.answer = async () => 'APPROVED';
    await bed.charge.handle(event);
    expect(await bed.balanceOf('bob')).toBe(50_000 - 4_900);
    expect(new Set(bed.gateway.calls.map((call) => call.paymentId))).toEqual(new Set([paymentIdFor(orderId)]));
    expect((await bed.emittedFor(orderId)).map((e) => e.type)).toEqual(['PAYMENT_COMPLETED']);
  });

  it('charges once and skips the gateway when the same INVENTORY_RESERVED is delivered again', async () => {
    const orderId = randomUUID();
    const event = inventoryReserved(orderId, 'carol', 24_900);

    await bed.charge.handle(event);
    await bed.charge.handle(event);

    expect(await bed.balanceOf('carol')).toBe(200_000 - 24_900);
    expect(bed.gateway.calls).toHaveLength(1);
    expect(await bed.ledgerOf(orderId)).toEqual([{ kind: 'CHARGE', amount: 24_900 }]);
    expect((await bed.emittedFor(orderId)).map((e) => e.type)).toEqual(['PAYMENT_COMPLETED']);
  });

  it('charges once when two deliveries of the same event race each other', async () => {
    const orderId = randomUUID();
    const event = inventoryReserved(orderId, 'carol', 24_900);

    await Promise.all([bed.deliver(event), bed.deliver(event), bed.deliver(event)]);

    expect(await bed.balanceOf('carol')).toBe(200_000 - 24_900);
    expect(await bed.ledgerOf(orderId)).toEqual([{ kind: 'CHARGE', amount: 24_900 }]);
    expect((await bed.emittedFor(orderId)).map((e) => e.type)).toEqual(['PAYMENT_COMPLETED']);
  });

  it('charges once when two different reservations of one order race each other', async () => {
    const orderId = randomUUID();
    await Promise.all([bed.deliver(inventoryReserved(orderId, 'dave', 900)), bed.deliver(inventoryReserved(orderId, 'dave', 900))]);
    await bed.deliver(inventoryReserved(orderId, 'dave', 900));

    expect(await bed.balanceOf('dave')).toBe(75_000 - 900);
    expect(await bed.ledgerOf(orderId)).toEqual([{ kind: 'CHARGE', amount: 900 }]);
    expect((await bed.emittedFor(orderId)).map((e) => e.type)).toEqual(['PAYMENT_COMPLETED']);
  });
});
