import { OrderLine, quantitiesBySku, SkuQuantity } from './stock';

/**
 * RESERVED  units held for the order (available -> reserved)
 * SOLD      the order was confirmed (reserved -> sold); final
 * RELEASED  the order was cancelled and the units given back (reserved -> available); final
 * REJECTED  nothing could be reserved; final
 * CANCELLED a tombstone: ORDER_CANCEL came before any reservation, so a late ORDER_CREATED must not reserve
 */
export const RESERVATION_STATUSES = ['RESERVED', 'SOLD', 'RELEASED', 'REJECTED', 'CANCELLED'] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

/** The part of a stored reservation the transitions look at. */
export interface ReservationState {
  status: ReservationStatus;
  lines: readonly OrderLine[];
}

/** Nothing changes. `anomaly` marks a state the saga should never produce: worth a warning, not a fix. */
export interface Unchanged {
  kind: 'UNCHANGED';
  status: ReservationStatus | null;
  anomaly: boolean;
}

export type ConfirmOutcome =
  | { kind: 'SOLD'; from: 'RESERVED'; to: 'SOLD'; quantities: SkuQuantity[] }
  | Unchanged;

export type CancelOutcome =
  | { kind: 'RELEASED'; from: 'RESERVED'; to: 'RELEASED'; quantities: SkuQuantity[]; lines: OrderLine[] }
  | { kind: 'TOMBSTONED' }
  | Unchanged;

/**
 * ORDER_CONFIRMED: the held units are sold. In any other state nothing changes: SOLD is a
 * repeat; anything else means the order service confirmed an order whose stock is not held,
 * which the saga never does, so it is flagged rather than "fixed" here.
 */
export function noteOrderConfirmed(reservation: ReservationState | null): ConfirmOutcome {
  if (reservation?.status === 'RESERVED') {
    return { kind: 'SOLD', from: 'RESERVED', to: 'SOLD', quantities: quantitiesBySku(reservation.lines) };
  }
  return { kind: 'UNCHANGED', status: reservation?.status ?? null, anomaly: reservation?.status !== 'SOLD' };
}

/**
 * ORDER_CANCEL: held units go back on sale. With no reservation yet (the cancel overtook
 * ORDER_CREATED) a tombstone is left so the late ORDER_CREATED reserves nothing. REJECTED,
 * RELEASED and CANCELLED have nothing to give back; a SOLD order is never cancelled by the
 * order service, so that case is flagged and the sale stands.
 */
export function noteOrderCancelled(reservation: ReservationState | null): CancelOutcome {
  if (reservation === null) return { kind: 'TOMBSTONED' };
  if (reservation.status === 'RESERVED') {
    return {
      kind: 'RELEASED',
      from: 'RESERVED',
      to: 'RELEASED',
      quantities: quantitiesBySku(reservation.lines),
      lines: reservation.lines.map(({ sku, quantity }) => ({ sku, quantity })),
    };
  }
  return { kind: 'UNCHANGED', status: reservation.status, anomaly: reservation.status === 'SOLD' };
}
