import { z } from 'zod';
import { paymentIdFor } from './payment-id';

const ORDER = '1b9e0c8e-5d0f-4c64-8a0b-3f1c2e4d5a60';
const OTHER_ORDER = '2c0f1d9f-6e10-4d75-9b1c-4a2d3f5e6b71';

describe('paymentIdFor', () => {
  it('gives every attempt on one order the same payment id', () => {
    expect(paymentIdFor(ORDER)).toBe(paymentIdFor(ORDER));
  });

  it('gives different orders different payment ids', () => {
    expect(paymentIdFor(ORDER)).not.toBe(paymentIdFor(OTHER_ORDER));
  });

  it('produces a version-5 UUID the event contracts accept', () => {
    const id = paymentIdFor(ORDER);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(z.uuid().safeParse(id).success).toBe(true);
  });
});
