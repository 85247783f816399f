import { reserveAllOrNothing } from './reserve-all-or-nothing';
import { StockLevel } from './stock';

const stock: StockLevel[] = [
  { sku: 'KEYBOARD-01', priceCents: 8900, available: 5 },
  { sku: 'MOUSE-01', priceCents: 2500, available: 2 },
];

describe('reserveAllOrNothing', () => {
  it('reserves every line at inventory prices and totals what payment will charge', () => {
    const decision = reserveAllOrNothing(
      [
        { sku: 'MOUSE-01', quantity: 2 },
        { sku: 'KEYBOARD-01', quantity: 1 },
      ],
      stock,
    );
    expect(decision).toEqual({
      kind: 'RESERVED',
      lines: [
        { sku: 'MOUSE-01', quantity: 2, unitPriceCents: 2500 },
        { sku: 'KEYBOARD-01', quantity: 1, unitPriceCents: 8900 },
      ],
      totalCents: 13900,
      quantities: [
        { sku: 'KEYBOARD-01', quantity: 1 },
        { sku: 'MOUSE-01', quantity: 2 },
      ],
    });
  });

  it('reserves the last unit exactly', () => {
    expect(reserveAllOrNothing([{ sku: 'MOUSE-01', quantity: 2 }], stock).kind).toBe('RESERVED');
  });

  it('rejects the whole order when one line is short, listing only the short line', () => {
    const decision = reserveAllOrNothing(
      [
        { sku: 'KEYBOARD-01', quantity: 1 },
        { sku: 'MOUSE-01', quantity: 3 },
      ],
      stock,
    );
    expect(decision).toEqual({
      kind: 'REJECTED',
      reason: 'OUT_OF_STOCK',
      shortfalls: [{ sku: 'MOUSE-01', requested: 3, available: 2 }],
    });
  });

  it('adds up lines naming the same sku before comparing with stock', () => {
    const decision = reserveAllOrNothing(
      [
        { sku: 'MOUSE-01', quantity: 2 },
        { sku: 'MOUSE-01', quantity: 1 },
      ],
      stock,
    );
    expect(decision).toEqual({
      kind: 'REJECTED',
      reason: 'OUT_OF_STOCK',
      shortfalls: [{ sku: 'MOUSE-01', requested: 3, available: 2 }],
    });
  });

  it('rejects with UNKNOWN_SKU when a sku is not in the catalogue, even if another line is also short', () => {
    const decision = reserveAllOrNothing(
      [
        { sku: 'MOUSE-01', quantity: 9 },
        { sku: 'TOASTER-9', quantity: 1 },
      ],
      stock,
    );
    expect(decision).toEqual({
      kind: 'REJECTED',
      reason: 'UNKNOWN_SKU',
      shortfalls: [{ sku: 'TOASTER-9', requested: 1, available: 0 }],
    });
  });
});
