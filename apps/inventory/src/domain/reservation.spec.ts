import { noteOrderCancelled, noteOrderConfirmed, ReservationState, ReservationStatus } from './reservation';

const lines = [
  { sku: 'MOUSE-01', quantity: 1 },
  { sku: 'KEYBOARD-01', quantity: 2 },
  { sku: 'MOUSE-01', quantity: 1 },
];
const inState = (status: ReservationStatus): ReservationState => ({ status, lines });
const perSku = [
  { sku: 'KEYBOARD-01', quantity: 2 },
  { sku: 'MOUSE-01', quantity: 2 },
];

describe('reservation transitions', () => {
  describe('noteOrderConfirmed', () => {
    it('sells the held units when the reservation is RESERVED', () => {
      expect(noteOrderConfirmed(inState('RESERVED'))).toEqual({ kind: 'SOLD', from: 'RESERVED', to: 'SOLD', quantities: perSku });
    });

    it('changes nothing, quietly, when the reservation is already SOLD', () => {
      expect(noteOrderConfirmed(inState('SOLD'))).toEqual({ kind: 'UNCHANGED', status: 'SOLD', anomaly: false });
    });

    it.each<ReservationStatus>(['RELEASED', 'REJECTED', 'CANCELLED'])(
      'changes nothing and flags an anomaly when the reservation is %s',
      (status) => {
        expect(noteOrderConfirmed(inState(status))).toEqual({ kind: 'UNCHANGED', status, anomaly: true });
      },
    );

    it('changes nothing and flags an anomaly when there is no reservation', () => {
      expect(noteOrderConfirmed(null)).toEqual({ kind: 'UNCHANGED', status: null, anomaly: true });
    });
  });

  describe('noteOrderCancelled', () => {
    it('releases the held units when the reservation is RESERVED', () => {
      expect(noteOrderCancelled(inState('RESERVED'))).toEqual({
        kind: 'RELEASED',
        from: 'RESERVED',
        to: 'RELEASED',
        quantities: perSku,
        lines,
      });
    });

    it('leaves a tombstone when the cancel comes before any reservation', () => {
      expect(noteOrderCancelled(null)).toEqual({ kind: 'TOMBSTONED' });
    });

    it.each<ReservationStatus>(['RELEASED', 'REJECTED', 'CANCELLED'])('changes nothing when the reservation is %s', (status) => {
      expect(noteOrderCancelled(inState(status))).toEqual({ kind: 'UNCHANGED', status, anomaly: false });
    });

    it('keeps the sale and flags an anomaly when a SOLD order is cancelled', () => {
      expect(noteOrderCancelled(inState('SOLD'))).toEqual({ kind: 'UNCHANGED', status: 'SOLD', anomaly: true });
    });
  });
});
