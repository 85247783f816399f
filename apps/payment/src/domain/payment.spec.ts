import { chargeOutcome, onInventoryReserved, onOrderCancelled, Payment, PaymentStatus } from './payment';

const ORDER = '1b9e0c8e-5d0f-4c64-8a0b-3f1c2e4d5a60';

function payment(status: PaymentStatus): Payment {
  const at = new Date('2026-01-15T10:00:00Z');
  return { paymentId: 'p', orderId: ORDER, customerId: 'alice', amountCents: 500, status, reason: null, createdAt: at, updatedAt: at };
}

const earlyTombstone: Payment = {
  ...payment('VOIDED'),
  status: 'VOIDED',
  customerId: null,
  amountCents: null,
  reason: 'CUSTOMER_CANCELLED',
};

describe('onInventoryReserved', () => {
  it('charges when the order has no payment yet', () => {
    expect(onInventoryReserved(null)).toEqual({ kind: 'CHARGE' });
  });

  it('reports the cancellation when a tombstone is waiting for its reservation', () => {
    expect(onInventoryReserved(earlyTombstone)).toEqual({ kind: 'REPORT_CANCELLED' });
  });

  it.each<PaymentStatus>(['CHARGED', 'DECLINED', 'REFUNDED', 'VOIDED'])('does nothing when the payment is already %s', (status) => {
    expect(onInventoryReserved(payment(status))).toMatchObject({ kind: 'NOTHING_TO_DO' });
  });
});

describe('chargeOutcome', () => {
  it('charges when the customer is known, the gateway approved and the debit went through', () => {
    expect(chargeOutcome({ customerKnown: true, authorized: true, debited: true })).toEqual({ status: 'CHARGED' });
  });

  it('blames the missing account before anything else', () => {
    expect(chargeOutcome({ customerKnown: false, authorized: false, debited: false })).toEqual({
      status: 'DECLINED',
      reason: 'UNKNOWN_CUSTOMER',
    });
  });

  it('reports the gateway decline when the customer is known', () => {
    expect(chargeOutcome({ customerKnown: true, authorized: false, debited: false })).toEqual({
      status: 'DECLINED',
      reason: 'DECLINED',
    });
  });

  it('reports insufficient funds when the gateway approved but the balance did not cover the amount', () => {
    expect(chargeOutcome({ customerKnown: true, authorized: true, debited: false })).toEqual({
      status: 'DECLINED',
      reason: 'INSUFFICIENT_FUNDS',
    });
  });
});

describe('onOrderCancelled', () => {
  it('voids the order when nothing was charged yet', () => {
    expect(onOrderCancelled(null)).toEqual({ kind: 'VOID' });
  });

  it('refunds a charged payment', () => {
    const charged = payment('CHARGED');
    expect(onOrderCancelled(charged)).toEqual({ kind: 'REFUND', payment: charged });
  });

  it.each<PaymentStatus>(['DECLINED', 'REFUNDED', 'VOIDED'])('has nothing to undo when the payment is %s', (status) => {
    expect(onOrderCancelled(payment(status))).toMatchObject({ kind: 'NOTHING_TO_UNDO' });
  });

  it('has nothing to undo for an early tombstone', () => {
    expect(onOrderCancelled(earlyTombstone)).toMatchObject({ kind: 'NOTHING_TO_UNDO' });
  });
});
