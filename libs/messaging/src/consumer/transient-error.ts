/** Thrown by a handler for a failure worth retrying (a flaky dependency), as opposed to a bad event. */
export class TransientError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransientError';
  }
}

// PostgreSQL SQLSTATE classes and codes that say "try again", not "this event is bad":
// 08 connection exceptions, 53 insufficient resources, 57P01-57P03 server shutting down or starting,
// 40001 serialization failure, 40P01 deadlock, 55P03 lock not available.
const TRANSIENT_SQLSTATE = /^(08|53|57P0[1-3]|40001|40P01|55P03)/;
const TRANSIENT_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);
const TRANSIENT_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is closed|terminating connection/i;

/** True when the failure comes from infrastructure that may recover: the event is retried, never dead-lettered. */
export function isTransientError(error: unknown): boolean {
  if (error instanceof TransientError) return true;
  if (!(error instanceof Error)) return false;
  const candidates = [error, (error as { driverError?: unknown }).driverError, error.cause].filter(
    (e): e is Error & { code?: unknown; retriable?: unknown } => e instanceof Error,
  );
  return candidates.some(
    (e) =>
      e instanceof TransientError ||
      (typeof e.code === 'string' && (TRANSIENT_SQLSTATE.test(e.code) || TRANSIENT_NODE_CODES.has(e.code))) ||
      e.retriable === true ||
      TRANSIENT_MESSAGES.test(e.message),
  );
}
