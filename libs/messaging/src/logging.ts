import pino, { Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * One structured JSON logger per service. Saga code logs with child loggers bound to
 * `transactionId` and `orderId`, so every line of one saga can be found across services.
 */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ name: service, level, base: { service }, timestamp: pino.stdTimeFunctions.isoTime });
}

export function sagaLogger(logger: Logger, event: { transactionId: string; orderId: string; type?: string }): Logger {
  return logger.child({ transactionId: event.transactionId, orderId: event.orderId, eventType: event.type });
}
