import { IncomingMessage, ServerResponse } from 'node:http';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

/** Probes and scrapes every few seconds would bury the requests that matter. */
const UNTRACED_PATHS = /^\/(health|metrics|docs)(\/|-|$)/;

type Request = IncomingMessage & { originalUrl?: string; route?: { path?: unknown } };

/**
 * Express middleware: one server span per HTTP request, continuing a caller's `traceparent` if it sent
 * one, active while the request is handled so the events it causes join its trace. Registered after the
 * body parser: the parser's stream callbacks would otherwise lose the active context.
 */
export function httpTracingMiddleware() {
  return (request: Request, response: ServerResponse, next: () => void): void => {
    const path = (request.originalUrl ?? request.url ?? '/').split('?')[0];
    if (UNTRACED_PATHS.test(path)) return next();
    const method = request.method ?? 'GET';
    const parent = propagation.extract(ROOT_CONTEXT, request.headers);
    const span = trace.getTracer('@saga/messaging').startSpan(
      method,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': method, 'url.path': path, 'url.scheme': 'http' } },
      parent,
    );
    response.once('close', () => {
      const route = typeof request.route?.path === 'string' ? request.route.path : undefined;
      if (route) {
        span.updateName(`${method} ${route}`);
        span.setAttribute('http.route', route);
      }
      span.setAttribute('http.response.status_code', response.statusCode);
      if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(parent, span), next);
  };
}
