import { trace } from '@opentelemetry/api';
import { createLogger, sagaLogger } from './logging';
import { startTracing, Tracing } from './observability/tracing/tracing';

/** A logger whose JSON lines are kept for assertions. */
function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('order', 'info', { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

describe('createLogger', () => {
  let tracing: Tracing;
  beforeAll(() => (tracing = startTracing({ service: 'order' })));
  afterAll(() => tracing.shutdown());

  it('writes JSON lines with the service, level, time and message', () => {
    const { logger, lines } = capturedLogger();
    logger.info('order placed');
    expect(lines).toEqual([
      expect.objectContaining({ service: 'order', level: 30, msg: 'order placed', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }),
    ]);
    expect(lines[0]).not.toHaveProperty('traceId');
  });

  it('adds the active trace and span ids to a saga step line, next to transactionId and orderId', () => {
    const { logger, lines } = capturedLogger();
    trace.getTracer('spec').startActiveSpan('process order', (active) => {
      sagaLogger(logger, { transactionId: 'tx-1', orderId: 'order-1', type: 'ORDER_CREATED' }).info('stock reserved');
      active.end();
    });
    expect(lines[0]).toMatchObject({
      msg: 'stock reserved',
      transactionId: 'tx-1',
      orderId: 'order-1',
      eventType: 'ORDER_CREATED',
      traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
      spanId: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
  });
});
