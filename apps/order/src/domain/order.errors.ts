import { OrderStatus } from './order-status';

/** Base for failures the caller caused (mapped to 4xx at the HTTP edge), as opposed to infrastructure failures. */
export abstract class OrderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class OrderNotFoundError extends OrderError {
  constructor(readonly orderId: string) {
    super(`order ${orderId} does not exist`);
  }
}

export class OrderAlreadyFinalError extends OrderError {
  constructor(
    readonly orderId: string,
    readonly status: OrderStatus,
  ) {
    super(`order ${orderId} is already ${status} and can no longer be cancelled`);
  }
}

export class IdempotencyKeyReusedError extends OrderError {
  constructor(readonly idempotencyKey: string) {
    super(`Idempotency-Key ${JSON.stringify(idempotencyKey)} was already used for a different order request`);
  }
}

export class InvalidOrderError extends OrderError {}
